/**
 * Builds and packs `@bedrock-admin/client` (packages/client) into
 * `<destination>/bedrock-admin-client-<version>.tgz`.
 *
 * 1. Stage the package's sources, with `app-router.ts` (which points at the server) replaced
 *    by the generated `app-router.d.ts` (router-declaration.ts says why).
 * 2. Compile with tsc: ES modules plus declarations, checked against the generated router type.
 * 3. Refuse anything that imports more than the package may (its-imports.ts), then `npm pack`.
 * The version is the app's (the root package.json), so a client names the app it was built from.
 */
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { join, resolve } from 'node:path';
import { assertOnlyAllowedImports, assertTarballContents } from './checks';
import { routerDeclaration } from './router-declaration';

const repoRoot = resolve(import.meta.dirname, '../..');
const packageDir = join(repoRoot, 'packages/client');

export type PackResult = { tarball: string; version: string; files: string[] };

export function packClient(
	destination = join(repoRoot, 'dist'),
	log: (line: string) => void = () => {}
): PackResult {
	const version = (
		JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
	).version;
	// Inside node_modules so tsc and npm find the repo's @trpc and eventsource types by walking up.
	mkdirSync(join(repoRoot, 'node_modules/.cache'), { recursive: true });
	const stage = mkdtempSync(join(repoRoot, 'node_modules/.cache/pack-client-'));
	try {
		log('writing the router declaration…');
		mkdirSync(join(stage, 'src'));
		for (const file of readdirSync(join(packageDir, 'src'))) {
			if (file.endsWith('.ts') && file !== 'app-router.ts')
				copyFileSync(join(packageDir, 'src', file), join(stage, 'src', file));
		}
		const declaration = routerDeclaration({
			entryFile: join(packageDir, 'src/app-router.ts'),
			tsconfigPath: join(repoRoot, 'tsconfig.json')
		});
		writeFileSync(join(stage, 'src/app-router.d.ts'), declaration.text);
		log('checking it against the server’s router…');
		declaration.assertEquivalent(
			join(stage, 'src/app-router.d.ts'),
			join(stage, 'equivalence-check.ts')
		);

		const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<
			string,
			unknown
		>;
		writeFileSync(
			join(stage, 'package.json'),
			JSON.stringify({ ...manifest, version }, null, '\t') + '\n'
		);
		copyFileSync(join(packageDir, 'README.md'), join(stage, 'README.md'));
		copyFileSync(join(packageDir, 'tsconfig.build.json'), join(stage, 'tsconfig.json'));

		log('compiling (tsc)…');
		execFileSync(
			process.execPath,
			[join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', stage],
			{ stdio: 'inherit' }
		);
		// tsc emits declarations for .ts files only: the generated one is copied as it is.
		copyFileSync(join(stage, 'src/app-router.d.ts'), join(stage, 'dist/app-router.d.ts'));
		assertOnlyAllowedImports(join(stage, 'dist'));

		log('packing (npm pack)…');
		mkdirSync(destination, { recursive: true });
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
				cwd: stage,
				encoding: 'utf8'
			})
		) as { filename: string; files: { path: string }[] }[];
		const { filename, files } = packed[0]!;
		const paths = files.map((f) => f.path);
		assertTarballContents(paths);
		return { tarball: join(destination, filename), version, files: paths };
	} finally {
		rmSync(stage, { recursive: true, force: true });
	}
}
