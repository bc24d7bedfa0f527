/**
 * What the packed client may contain and import: its own modules, tRPC (a peer, as tRPC's
 * client needs its server package for shared helpers) and `eventsource`. Any other import
 * would mean server code or a server dependency leaked in, so the build stops.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ALLOWED_PACKAGES = new Set([
	'@trpc/client',
	'@trpc/server',
	'@trpc/server/observable',
	'eventsource'
]);
/** `import … from 'x'`, `export … from 'x'`, `import('x')`. */
const SPECIFIERS = /(?:from\s*|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

export function importsOf(source: string): string[] {
	return [...source.matchAll(SPECIFIERS)].map((match) => match[1]!);
}

export function assertOnlyAllowedImports(distDir: string): void {
	for (const file of readdirSync(distDir)) {
		if (!/\.(js|d\.ts)$/.test(file)) continue;
		for (const specifier of importsOf(readFileSync(join(distDir, file), 'utf8'))) {
			if (specifier.startsWith('./')) continue;
			if (!ALLOWED_PACKAGES.has(specifier))
				throw new Error(
					`dist/${file} imports ${specifier}: only the package's own modules, tRPC and eventsource may be imported`
				);
		}
	}
}

/** The tarball holds the manifest, the README and dist/*.js|.d.ts: never server code or SQL. */
export function assertTarballContents(paths: string[]): void {
	for (const path of paths) {
		const allowed =
			path === 'package.json' || path === 'README.md' || /^dist\/[\w-]+\.(js|d\.ts)$/.test(path);
		if (!allowed || /\.sql$/i.test(path) || path.includes('lib/server'))
			throw new Error(`The tarball must not hold ${path}`);
	}
}
