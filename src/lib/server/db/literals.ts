/**
 * Values written into a statement instead of sent as parameters, for the hot path only.
 *
 * Why: with `prepare: false` (the transaction pooler cannot keep prepared statements),
 * postgres.js sends a statement that has parameters as "parse and describe", waits for the
 * answer, and only then binds and executes it: a round trip of its own, which also holds back
 * everything queued behind it. A statement without parameters goes out with the rest of the
 * transaction in one trip. Only values whose whole shape is checked here may be inlined.
 */
import { randomBytes } from 'node:crypto';
import type { TransactionSql } from './client';

/** Any connection or transaction: the literals are fragments of the statement they go in. */
export type Fragments = Pick<TransactionSql, 'unsafe'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid as an SQL fragment (`'…'::uuid`); anything that is not exactly a uuid is refused. */
export function uuidLiteral(tx: Fragments, id: string) {
	if (!UUID.test(id)) throw new TypeError('Not a uuid: refusing to write it into a statement.');
	return tx.unsafe(`'${id.toLowerCase()}'::uuid`);
}

/**
 * Any text as a dollar-quoted literal, with a tag that does not occur in it, so nothing in
 * the text can end the literal early (whatever standard_conforming_strings says).
 */
export function dollarQuoted(text: string): string {
	let tag = '$v$';
	while (text.includes(tag)) tag = `$v${randomBytes(4).toString('hex')}$`;
	return `${tag}${text}${tag}`;
}

/** A finite number as an SQL numeric (`…::numeric`); null as `null::numeric`. */
export function numericLiteral(tx: Fragments, value: number | null) {
	if (value === null) return tx.unsafe('null::numeric');
	if (!Number.isFinite(value)) throw new TypeError('Not a finite number: refusing to write it.');
	// String(n) of a finite number is digits, '.', '-' and 'e' only: a valid numeric literal.
	return tx.unsafe(`${String(value)}::numeric`);
}

/** A safe integer as an SQL integer. */
export function integerLiteral(tx: Fragments, value: number) {
	if (!Number.isSafeInteger(value)) throw new TypeError('Not an integer: refusing to write it.');
	return tx.unsafe(`${String(value)}::integer`);
}

/** Text as a dollar-quoted SQL literal (see `dollarQuoted`). */
export function textLiteral(tx: Fragments, text: string) {
	return tx.unsafe(`${dollarQuoted(text)}::text`);
}

/** A `YYYY-MM-DD` date as an SQL date; anything else is refused. */
export function dateLiteral(tx: Fragments, date: string) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new TypeError('Not a date: refusing to write it.');
	return tx.unsafe(`'${date}'::date`);
}
