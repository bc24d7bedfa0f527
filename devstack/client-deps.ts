/**
 * The browser's third-party imports, read from the source, for `optimizeDeps.include` in
 * vite.config.ts. Why: Vite pre-bundles what its start-up scan finds and keeps the result until
 * the lockfile or the config changes. A dependency it meets later (a scan that missed it, or a
 * cache from before someone imported a new icon or package) is bundled on first request and the
 * page is reloaded: a newcomer's first click on that page is lost. Declaring every browser
 * import up front means none is late, and since the list is part of the config, a new import
 * changes the config and re-optimizes on the next `npm run dev` instead of mid-visit.
 *
 * Browser code is everything under src/ except the server-only files SvelteKit never bundles
 * for the browser ($lib/server, *.server.ts, +server.ts). Type-only imports are skipped; Svelte
 * and SvelteKit themselves are handled by their Vite plugins.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SOURCE = /\.(svelte|ts|js)$/;
const SERVER_ONLY = /(^|\/)(server\/|[^/]*\.server\.(ts|js)$|\+server\.(ts|js)$)|\.d\.ts$/;
/**
 * `import x from 'y'`, `import 'y'`, `export … from 'y'` at the start of a line (so an import
 * quoted inside a code sample's template string is not one); group 1 is `type ` when type-only.
 */
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'"`;]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;
const NOT_A_PACKAGE = /^(\.|\/|\$|node:|svelte($|\/)|@sveltejs\/)/;

/**
 * `sourceDirs`: src/, plus packages/client/src, which the pages reach through relative imports
 * (the shared error contract) that this scan does not follow.
 */
export function browserDependencies(...sourceDirs: string[]): string[] {
	const found = new Set<string>();
	for (const srcDir of sourceDirs) {
		for (const file of walk(srcDir)) {
			const relative = path.relative(srcDir, file).split(path.sep).join('/');
			if (SERVER_ONLY.test(relative)) continue;
			for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
				const [, typeOnly, specifier] = match;
				if (!typeOnly && specifier && !NOT_A_PACKAGE.test(specifier)) found.add(specifier);
			}
		}
	}
	return [...found].sort();
}

function* walk(dir: string): Generator<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* walk(full);
		else if (SOURCE.test(entry.name)) yield full;
	}
}
