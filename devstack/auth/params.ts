/**
 * Typed reads of JSON body fields. GoTrue decodes bodies into Go structs, so a field of the wrong
 * JSON type is a 400 `bad_json` naming the field, never a crash further down.
 */
import { badRequest } from './errors';

type Body = Record<string, unknown>;

function typeError(field: string, expected: string, value: unknown): Error {
	const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
	return badRequest(
		'bad_json',
		`Could not parse request body as JSON: field "${field}" must be ${expected}, got ${actual}`
	);
}

/** A string field; absent or null reads as undefined. */
export function optionalString(body: Body, field: string): string | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw typeError(field, 'a string', value);
	return value;
}

export function optionalBoolean(body: Body, field: string): boolean | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw typeError(field, 'a boolean', value);
	return value;
}

/** A JSON object field (metadata); absent or null reads as undefined. */
export function optionalObject(body: Body, field: string): Record<string, unknown> | undefined {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) throw typeError(field, 'an object', value);
	return value as Record<string, unknown>;
}
