// The generated row types (src/lib/server/db/schema.generated.ts) match the schema the
// migrations build: regenerated here from a freshly migrated database and compared with the
// committed file, so a migration committed without `npm run db:types` fails `npm test`.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSchemaTypes, SCHEMA_TYPES_FILE } from '../../../scripts/db-types/generate';
import { createTestDatabase, type TestDatabase } from './database';

let db: TestDatabase;

beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.close();
});

describe('generated database types', () => {
	it('are what `npm run db:types` writes for the current migrations', async () => {
		const committed = await readFile(SCHEMA_TYPES_FILE, 'utf8');
		const fresh = await generateSchemaTypes(db.owner);
		expect(
			fresh,
			'src/lib/server/db/schema.generated.ts is stale: run `npm run db:types` and commit it'
		).toBe(committed);
	});

	it('change when a migration changes a column, so the comparison above can fail', async () => {
		const altered = await createTestDatabase();
		try {
			const before = await generateSchemaTypes(altered.owner);
			await altered.owner`alter table public.connection_tests add column note text`;
			await altered.owner`alter table public.connection_tests alter column region drop not null`;
			const after = await generateSchemaTypes(altered.owner);
			expect(after).not.toBe(before);
			expect(connectionTestsRow(before)).toMatch(/\sregion: string; \/\/ text\n/);
			expect(connectionTestsRow(after)).toMatch(/\sregion: string \| null; \/\/ text\n/);
			expect(connectionTestsRow(after)).toMatch(/\snote: string \| null; \/\/ text\n/);
		} finally {
			await altered.close();
		}
	});
});

/** The `row: {...}` block of public.connection_tests in the generated text. */
function connectionTestsRow(text: string): string {
	const start = text.indexOf('\tconnection_tests: {');
	expect(start).toBeGreaterThan(-1);
	return text.slice(start, text.indexOf('insert: {', start));
}
