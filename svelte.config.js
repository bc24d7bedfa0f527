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
		// The client package by the name programs elsewhere install it under, so examples/ and
		// tests in this repository import it exactly as they would (its source, packages/client).
		alias: { '@bedrock-admin/client': 'packages/client/src/index.ts' },
		// The server is stateless and sits behind cookies; SvelteKit's origin check stays on.
		csrf: { trustedOrigins: [] },
		// Pages: only this origin's scripts (SvelteKit's inline ones get a nonce), styles, images
		// and API; never framed (clickjacking). Other headers: src/lib/server/http/security-headers.ts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'img-src': ['self', 'data:'],
				// Style attributes only (SvelteKit's route announcer and bits-ui positioning set them);
				// they cannot run script. Style elements and sheets stay 'self'.
				'style-src-attr': ['unsafe-inline'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
