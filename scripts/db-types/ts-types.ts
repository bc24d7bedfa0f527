/**
 * Which TypeScript type a Postgres column has, as the app's postgres.js pool hands it over
 * (default type parsers, see src/lib/server/db/client.ts): int2/int4/oid/float → number,
 * int8/numeric → string (no precision lost), timestamptz/timestamp/date → Date, json/jsonb →
 * parsed (unknown), bool → boolean, bytea → Buffer; anything without a parser arrives as its
 * text, so every other type is a string. Arrays are parsed into arrays of their element type.
 *
 * A CHECK on one column narrows it where the intent is plain: `col in ('a', 'b')` → 'a' | 'b',
 * `jsonb_typeof(col) = 'object'` → Record<string, unknown>, `= 'array'` → unknown[].
 */
import type { CatalogColumn, CatalogType } from './introspect';

/** `write` widens what postgres.js also accepts as a parameter (an ISO string for a Date, ...). */
export type Direction = 'read' | 'write';

const BY_TYPE_NAME: Record<string, { read: string; write: string }> = {
	int2: { read: 'number', write: 'number' },
	int4: { read: 'number', write: 'number' },
	oid: { read: 'number', write: 'number' },
	float4: { read: 'number', write: 'number' },
	float8: { read: 'number', write: 'number' },
	int8: { read: 'string', write: 'string | number' },
	numeric: { read: 'string', write: 'string | number' },
	bool: { read: 'boolean', write: 'boolean' },
	json: { read: 'unknown', write: 'unknown' },
	jsonb: { read: 'unknown', write: 'unknown' },
	timestamptz: { read: 'Date', write: 'Date | string' },
	timestamp: { read: 'Date', write: 'Date | string' },
	date: { read: 'Date', write: 'Date | string' },
	bytea: { read: 'Buffer', write: 'Buffer' },
	void: { read: 'void', write: 'void' }
};

/** The TypeScript type of one value of `typeOid`, before nullability. */
export function tsTypeOf(
	typeOid: number,
	types: Map<number, CatalogType>,
	direction: Direction = 'read'
): string {
	let type = types.get(typeOid);
	// A domain is its base type to postgres.js (the domain's own CHECK is not read here).
	while (type && type.kind === 'd') type = types.get(type.baseOid);
	if (!type) return 'unknown';
	if (type.category === 'A' && type.elementOid) {
		const element = tsTypeOf(type.elementOid, types, direction);
		return /[ |&]/.test(element) ? `(${element})[]` : `${element}[]`;
	}
	if (type.enumLabels) return literalUnion(type.enumLabels);
	return BY_TYPE_NAME[type.name]?.[direction] ?? 'string';
}

/** The column's type including what its single-column CHECKs promise, and `| null` if nullable. */
export function tsColumnType(
	column: CatalogColumn,
	types: Map<number, CatalogType>,
	direction: Direction = 'read'
): string {
	const base = tsTypeOf(column.typeOid, types, direction);
	const narrowed = narrowByChecks(base, column.name, column.checks) ?? base;
	return column.notNull ? narrowed : `${narrowed} | null`;
}

/**
 * The narrower type a CHECK promises for `column`, or null when no CHECK says anything the
 * type system can hold. Only whole-constraint shapes are recognised (a CHECK that also says
 * something else, like `a in (...) or b`, is left alone rather than misread).
 */
export function narrowByChecks(base: string, column: string, checks: string[]): string | null {
	const name = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	for (const check of checks) {
		const body = check.replace(/^CHECK \((.*)\)$/s, '$1').replace(/^\((.*)\)$/s, '$1');
		if (base === 'string') {
			const single = new RegExp(`^${name} = ('(?:[^']|'')*')::text$`).exec(body);
			if (single) return literalUnion([unquoteSql(single[1]!)]);
			const list = new RegExp(`^${name} = ANY \\(ARRAY\\[(.*)\\]\\)$`).exec(body);
			if (list) {
				const item = /('(?:[^']|'')*')::text/g;
				const items = [...list[1]!.matchAll(item)].map((m) => unquoteSql(m[1]!));
				// Only text literals between the brackets, nothing else (no casts, no expressions).
				const rest = list[1]!.replace(item, '').replace(/,\s*/g, '').trim();
				if (items.length > 0 && rest === '') return literalUnion(items);
			}
		}
		if (base === 'unknown') {
			const shape = new RegExp(`^jsonb?_typeof\\(${name}\\) = '(object|array)'::text$`).exec(body);
			if (shape) return shape[1] === 'object' ? 'Record<string, unknown>' : 'unknown[]';
		}
	}
	return null;
}

function unquoteSql(literal: string): string {
	return literal.slice(1, -1).replace(/''/g, "'");
}

function literalUnion(values: string[]): string {
	return values
		.map((value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
		.join(' | ');
}
