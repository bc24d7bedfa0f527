/**
 * Go `time.ParseDuration` for the admin API's `ban_duration` ("24h", "1h30m", "876000h",
 * or GoTrue's special "none" which lifts a ban). A bad value is GoTrue's 400.
 */
import { badRequest } from './errors';

const UNIT_MS: Record<string, number> = {
	ns: 1e-6,
	us: 1e-3,
	µs: 1e-3,
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000
};

/** Milliseconds of a Go duration string. */
export function parseGoDuration(value: string): number {
	const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.test(value);
	if (!match || value === '') throw invalidDuration(value);
	const sign = value.startsWith('-') ? -1 : 1;
	let total = 0;
	for (const part of value
		.replace(/^[+-]/, '')
		.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
		total += Number(part[1]) * (UNIT_MS[part[2] as string] ?? Number.NaN);
	}
	if (!Number.isFinite(total)) throw invalidDuration(value);
	return sign * total;
}

function invalidDuration(value: string): Error {
	return badRequest(
		'validation_failed',
		`invalid format for ban duration: time: invalid duration "${value}"`
	);
}
