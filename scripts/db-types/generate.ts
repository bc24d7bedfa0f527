/**
 * The one way the generated row types are produced, shared by `npm run db:types` (writes the
 * file) and the staleness test (compares): read the catalog, render, format with the project's
 * Prettier settings so the committed file also passes `prettier --check`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';
import { format, resolveConfig } from 'prettier';
import { readCatalog } from './introspect';
import { renderSchemaTypes } from './render';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the generated types live (committed; src/lib/server/db/types.ts derives from them). */
export const SCHEMA_TYPES_FILE = path.join(
	root,
	'src',
	'lib',
	'server',
	'db',
	'schema.generated.ts'
);

export async function generateSchemaTypes(sql: postgres.Sql): Promise<string> {
	const text = renderSchemaTypes(await readCatalog(sql));
	const options = (await resolveConfig(SCHEMA_TYPES_FILE)) ?? {};
	return format(text, { ...options, filepath: SCHEMA_TYPES_FILE });
}
