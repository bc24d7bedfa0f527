// The pure half of `npm run db:types`: Postgres types → what postgres.js hands over, CHECKs
// narrowed to literal unions, and the insert shape (what may be left out, what cannot be set).
import { describe, expect, it } from 'vitest';
import type { Catalog, CatalogColumn, CatalogType } from '../../scripts/db-types/introspect';
import { renderSchemaTypes } from '../../scripts/db-types/render';
import { narrowByChecks, tsColumnType, tsTypeOf } from '../../scripts/db-types/ts-types';

const base = (oid: number, name: string, extra: Partial<CatalogType> = {}): CatalogType => ({
	oid,
	name,
	kind: 'b',
	baseOid: 0,
	elementOid: 0,
	category: 'S',
	enumLabels: null,
	...extra
});

const TYPES = new Map<number, CatalogType>(
	[
		base(16, 'bool'),
		base(20, 'int8'),
		base(23, 'int4'),
		base(25, 'text'),
		base(1700, 'numeric'),
		base(1184, 'timestamptz'),
		base(3802, 'jsonb'),
		base(2950, 'uuid'),
		base(1082, 'date'),
		base(17, 'bytea'),
		base(1009, '_text', { category: 'A', elementOid: 25 }),
		base(90001, 'mood', { kind: 'e', enumLabels: ['calm', "it's fine"] }),
		base(90002, '_mood', { category: 'A', elementOid: 90001 }),
		base(90003, 'email', { kind: 'd', baseOid: 25 }),
		base(90004, 'tsrange', { kind: 'r' })
	].map((type) => [type.oid, type])
);

const column = (name: string, typeOid: number, extra: Partial<CatalogColumn> = {}) => ({
	name,
	typeOid,
	sqlType: TYPES.get(typeOid)?.name ?? '?',
	notNull: true,
	hasDefault: false,
	identity: '' as const,
	generated: '' as const,
	checks: [],
	...extra
});

describe('tsTypeOf', () => {
	it('maps each type to what postgres.js returns for it', () => {
		expect(tsTypeOf(16, TYPES)).toBe('boolean');
		expect(tsTypeOf(23, TYPES)).toBe('number');
		expect(tsTypeOf(20, TYPES)).toBe('string');
		expect(tsTypeOf(1700, TYPES)).toBe('string');
		expect(tsTypeOf(1184, TYPES)).toBe('Date');
		expect(tsTypeOf(1082, TYPES)).toBe('Date');
		expect(tsTypeOf(3802, TYPES)).toBe('unknown');
		expect(tsTypeOf(2950, TYPES)).toBe('string');
		expect(tsTypeOf(17, TYPES)).toBe('Buffer');
		// No parser in postgres.js: the value arrives as its text.
		expect(tsTypeOf(90004, TYPES)).toBe('string');
	});

	it('resolves arrays, enums and domains', () => {
		expect(tsTypeOf(1009, TYPES)).toBe('string[]');
		expect(tsTypeOf(90001, TYPES)).toBe(`'calm' | 'it\\'s fine'`);
		expect(tsTypeOf(90002, TYPES)).toBe(`('calm' | 'it\\'s fine')[]`);
		expect(tsTypeOf(90003, TYPES)).toBe('string');
	});

	it('accepts the wider parameter types postgres.js also serialises when writing', () => {
		expect(tsTypeOf(1184, TYPES, 'write')).toBe('Date | string');
		expect(tsTypeOf(20, TYPES, 'write')).toBe('string | number');
	});
});

describe('narrowByChecks', () => {
	it('reads `in (...)` and `= ...` on text as literal unions', () => {
		const list = "CHECK ((status = ANY (ARRAY['pass'::text, 'fail'::text, 'it''s'::text])))";
		expect(narrowByChecks('string', 'status', [list])).toBe(`'pass' | 'fail' | 'it\\'s'`);
		expect(narrowByChecks('string', 'kind', ["CHECK ((kind = 'access_key'::text))"])).toBe(
			"'access_key'"
		);
	});

	it('reads jsonb_typeof checks as object or array', () => {
		expect(narrowByChecks('unknown', 'd', ["CHECK ((jsonb_typeof(d) = 'object'::text))"])).toBe(
			'Record<string, unknown>'
		);
		expect(narrowByChecks('unknown', 'c', ["CHECK ((jsonb_typeof(c) = 'array'::text))"])).toBe(
			'unknown[]'
		);
	});

	it('leaves checks it cannot read whole alone', () => {
		const regex = "CHECK ((region ~ '^[a-z]{2}-[a-z]+-[0-9]$'::text))";
		const mixed = "CHECK (((status = ANY (ARRAY['a'::text])) OR (other IS NULL)))";
		const cast = "CHECK ((status = ANY (ARRAY['a'::text, lower(x)])))";
		expect(narrowByChecks('string', 'region', [regex])).toBeNull();
		expect(narrowByChecks('string', 'status', [mixed])).toBeNull();
		expect(narrowByChecks('string', 'status', [cast])).toBeNull();
		// Another column's check says nothing about this one.
		expect(narrowByChecks('string', 'state', ["CHECK ((status = 'a'::text))"])).toBeNull();
	});

	it('adds null for a nullable column after narrowing', () => {
		const checked = column('status', 25, {
			notNull: false,
			checks: ["CHECK ((status = ANY (ARRAY['ok'::text, 'error'::text])))"]
		});
		expect(tsColumnType(checked, TYPES)).toBe(`'ok' | 'error' | null`);
	});
});

describe('renderSchemaTypes', () => {
	const catalog: Catalog = {
		types: TYPES,
		relations: [
			{
				name: 'things',
				kind: 'table',
				comment: 'Things. */ not a comment end',
				columns: [
					column('id', 20, { identity: 'a' }),
					column('owner', 2950),
					column('label', 25, { notNull: false }),
					column('has_label', 16, { notNull: false, generated: 's' }),
					column('created_at', 1184, { hasDefault: true })
				]
			}
		],
		functions: []
	};
	const text = renderSchemaTypes(catalog);

	it('writes rows as selected and inserts without what cannot be set', () => {
		const row = text.slice(text.indexOf('row: {'), text.indexOf('insert: {'));
		const insert = text.slice(text.indexOf('insert: {'));
		expect(row).toContain('id: string; // int8, identity always');
		expect(row).toContain('has_label: boolean | null; // bool, generated');
		expect(row).toContain('created_at: Date; // timestamptz, default');
		expect(insert).not.toMatch(/\bid\??:|has_label/);
		expect(insert).toContain('owner: string;');
		expect(insert).toContain('label?: string | null;');
		expect(insert).toContain('created_at?: Date | string;');
	});

	it('keeps a comment from closing the doc comment, and says empty kinds are empty', () => {
		expect(text).toContain('/** Things. * / not a comment end */');
		expect(text).toContain('export type PublicViews = Record<string, never>;');
		expect(text).toContain('export type PublicFunctions = Record<string, never>;');
		expect(text.startsWith('// Generated by `npm run db:types`')).toBe(true);
	});
});
