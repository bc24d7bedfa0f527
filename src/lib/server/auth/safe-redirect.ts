/**
 * `redirectTo` after sign-in must stay on this site.
 *
 * Why so strict: `/login?redirectTo=...` is a link anybody can send. Browsers read
 * `//evil.example`, `/\evil.example` and `/<tab>/evil.example` as other hosts, so only
 * a path that is still a same-origin path after URL parsing and normalisation is kept;
 * anything else falls back to a safe default.
 */
const BASE = 'http://same-origin.invalid';

export function safeRedirectPath(candidate: string | null | undefined, fallback: string): string {
	if (!candidate) return fallback;
	// Must look like an absolute path; backslashes and control characters never appear in
	// paths we generate, and browsers treat some of them as slashes.
	if (!candidate.startsWith('/') || candidate.includes('\\') || hasControlCharacter(candidate))
		return fallback;
	let url: URL;
	try {
		url = new URL(candidate, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	const path = `${url.pathname}${url.search}${url.hash}`;
	// Dot segments can normalise `/.//evil.example` to `//evil.example`.
	if (path.startsWith('//')) return fallback;
	return path;
}

function hasControlCharacter(value: string): boolean {
	for (let i = 0; i < value.length; i += 1) {
		const code = value.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}
