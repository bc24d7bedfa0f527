/**
 * Reads what the generated row types need from a migrated database's catalog: the `public`
 * tables and views with their columns, the public functions with their arguments and result
 * columns, every type those refer to (to resolve domains, arrays and enums), and the CHECK
 * constraints on one column (which the TypeScript side narrows to literal unions).
 *
 * pg_catalog rather than information_schema: it says whether a column is an identity or a
 * generated column, gives single-column CHECKs with their text, and lists RETURNS TABLE columns.
 */
import type postgres from 'postgres';

export interface CatalogColumn {
	name: string;
	typeOid: number;
	/** As the migration spells it (format_type), for the comment beside the field. */
	sqlType: string;
	notNull: boolean;
	hasDefault: boolean;
	/** 'a': generated always as identity, 'd': by default, '': not an identity. */
	identity: '' | 'a' | 'd';
	/** 's': generated always as (...) stored, '': an ordinary column. */
	generated: '' | 's';
	/** pg_get_constraintdef of each CHECK that involves this column alone, by constraint name. */
	checks: string[];
}

export interface CatalogRelation {
	name: string;
	kind: 'table' | 'view';
	comment: string | null;
	columns: CatalogColumn[];
}

export interface CatalogFunction {
	name: string;
	comment: string | null;
	args: CatalogColumn[];
	/** RETURNS TABLE / OUT columns; empty when the function returns one value (`returnTypeOid`). */
	resultColumns: CatalogColumn[];
	returnTypeOid: number;
	returnsSet: boolean;
}

export interface CatalogType {
	oid: number;
	name: string;
	/** pg_type.typtype: b base, d domain, e enum, c composite, p pseudo, r range. */
	kind: string;
	/** Domains: the type they constrain. */
	baseOid: number;
	/** Arrays: the element type (0 otherwise). */
	elementOid: number;
	/** pg_type.typcategory ('A' for arrays). */
	category: string;
	/** Enums: the labels in their declared order. */
	enumLabels: string[] | null;
}

export interface Catalog {
	relations: CatalogRelation[];
	functions: CatalogFunction[];
	types: Map<number, CatalogType>;
}

export async function readCatalog(sql: postgres.Sql, schema = 'public'): Promise<Catalog> {
	const [relations, columns, checks, functions, args, types] = await Promise.all([
		sql<{ name: string; relkind: string; comment: string | null }[]>`
			select c.relname as name, c.relkind, obj_description(c.oid, 'pg_class') as comment
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm')
			order by c.relname
		`,
		sql<(Omit<CatalogColumn, 'checks'> & { relation: string })[]>`
			select c.relname as relation, a.attname as name, a.atttypid::int as "typeOid",
			       format_type(a.atttypid, a.atttypmod) as "sqlType", a.attnotnull as "notNull",
			       a.atthasdef as "hasDefault", a.attidentity::text as identity,
			       a.attgenerated::text as generated
			from pg_attribute a
			join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm')
			  and a.attnum > 0 and not a.attisdropped
			order by c.relname, a.attnum
		`,
		sql<{ relation: string; column: string; definition: string }[]>`
			select c.relname as relation, a.attname as column, pg_get_constraintdef(k.oid) as definition
			from pg_constraint k
			join pg_class c on c.oid = k.conrelid
			join pg_namespace n on n.oid = c.relnamespace
			join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
			where n.nspname = ${schema} and k.contype = 'c' and cardinality(k.conkey) = 1
			order by c.relname, k.conname
		`,
		sql<
			{
				oid: number;
				name: string;
				comment: string | null;
				returnTypeOid: number;
				returnsSet: boolean;
				defaults: number;
				overloads: number;
			}[]
		>`
			select p.oid::int as oid, p.proname as name, obj_description(p.oid, 'pg_proc') as comment,
			       p.prorettype::int as "returnTypeOid", p.proretset as "returnsSet",
			       p.pronargdefaults::int as defaults, count(*) over (partition by p.proname)::int as overloads
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname = ${schema} and p.prokind = 'f'
			order by p.proname
		`,
		// One row per argument; IN/INOUT/VARIADIC are arguments, OUT/TABLE are result columns.
		sql<
			{
				functionOid: number;
				name: string;
				typeOid: number;
				sqlType: string;
				mode: string;
				position: number;
			}[]
		>`
			select p.oid::int as "functionOid", coalesce(p.proargnames[a.position], '') as name,
			       a.type_oid::int as "typeOid", format_type(a.type_oid, null) as "sqlType",
			       coalesce(p.proargmodes[a.position], 'i')::text as mode, a.position::int as position
			from pg_proc p
			join pg_namespace n on n.oid = p.pronamespace
			cross join lateral unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]))
			  with ordinality as a(type_oid, position)
			where n.nspname = ${schema} and p.prokind = 'f'
			order by p.oid, a.position
		`,
		sql<CatalogType[]>`
			select t.oid::int as oid, t.typname as name, t.typtype::text as kind,
			       t.typbasetype::int as "baseOid", t.typelem::int as "elementOid",
			       t.typcategory::text as category,
			       (select array_agg(e.enumlabel::text order by e.enumsortorder)
			        from pg_enum e where e.enumtypid = t.oid) as "enumLabels"
			from pg_type t
		`
	]);

	const overloaded = functions.filter((fn) => fn.overloads > 1).map((fn) => fn.name);
	if (overloaded.length > 0) {
		throw new Error(
			`Overloaded ${schema} functions (${[...new Set(overloaded)].join(', ')}): the generated ` +
				`types key functions by name; give each overload its own name.`
		);
	}

	const checksOf = (relation: string, column: string) =>
		checks
			.filter((check) => check.relation === relation && check.column === column)
			.map((check) => check.definition);

	return {
		relations: relations.map((relation) => ({
			name: relation.name,
			kind: relation.relkind === 'r' || relation.relkind === 'p' ? 'table' : 'view',
			comment: relation.comment,
			columns: columns
				.filter((column) => column.relation === relation.name)
				.map(({ relation: _relation, ...column }) => ({
					...column,
					checks: checksOf(relation.name, column.name)
				}))
		})),
		functions: functions.map((fn) => {
			const own = args.filter((arg) => arg.functionOid === fn.oid);
			const inputs = own.filter((arg) => ['i', 'b', 'v'].includes(arg.mode));
			const asColumn = (arg: (typeof own)[number], hasDefault = false): CatalogColumn => ({
				name: arg.name || `arg${arg.position}`,
				typeOid: arg.typeOid,
				sqlType: arg.sqlType,
				// Postgres cannot declare a function's arguments or result columns NOT NULL.
				notNull: false,
				hasDefault,
				identity: '',
				generated: '',
				checks: []
			});
			return {
				name: fn.name,
				comment: fn.comment,
				// The last `defaults` inputs have defaults (Postgres allows no gaps).
				args: inputs.map((arg, i) => asColumn(arg, i >= inputs.length - fn.defaults)),
				resultColumns: own
					.filter((arg) => ['o', 'b', 't'].includes(arg.mode))
					.map((arg) => asColumn(arg)),
				returnTypeOid: fn.returnTypeOid,
				returnsSet: fn.returnsSet
			};
		}),
		types: new Map(types.map((type) => [type.oid, type]))
	};
}
