import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// The server is stateless and sits behind cookies; SvelteKit's origin check stays on.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
