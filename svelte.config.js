import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_DIR / SVELTEKIT_OUT_DIR let parallel `npm test` runs on one checkout keep their
		// builds apart; both default to SvelteKit's usual folders.
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build' }),
		outDir: process.env.SVELTEKIT_OUT_DIR ?? '.svelte-kit',
		// The server is stateless and sits behind cookies; SvelteKit's origin check stays on.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
