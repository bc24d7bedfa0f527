/**
 * `redirectTo` after sign-in must stay on this site.
 *
 * Why so strict: `/login?redirectTo=...` is a link anybody can send. Browsers read
 * `//evil.example`, `/\evil.example` and `/<tab>/evil.example` as other hosts, so only
 * a path that is still a same-origin path after URL parsing and normalisation is kept;
 * anything else falls back to a safe default.
 *
 * API paths are refused too: `/login?redirectTo=/api/trpc/invoke.converseStream?input=…` would
 * otherwise bounce a signed-in visitor into a model call (the API also refuses navigations).
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
	if (isApiPath(url.pathname)) return fallback;
	return path;
}

/** Decoded first: SvelteKit routes `/%61pi/trpc` to the API as well. */
function isApiPath(pathname: string): boolean {
	let decoded: string;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		return true;
	}
	return decoded === '/api' || decoded.startsWith('/api/');
}

function hasControlCharacter(value: string): boolean {
	for (let i = 0; i < value.length; i += 1) {
		const code = value.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}
