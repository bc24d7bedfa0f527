/**
 * Cross-site refusal for cookie-authenticated API requests.
 *
 * Why: the session cookie is `SameSite=Lax`, so a top-level navigation from another site
 * carries it. `invoke.converseStream` is a subscription served over GET, so without this
 * check one link on any web page runs (and bills) a model call with the victim's AWS key.
 * SvelteKit's own origin check covers form posts only, not GETs or JSON posts to endpoints.
 *
 * The rule, for a request that would be authenticated by the session cookie (no
 * `Authorization` header; bearer requests carry no ambient authority and are unaffected):
 * 1. a navigation (`Sec-Fetch-Mode: navigate`) is refused: the API is never a page;
 * 2. `Sec-Fetch-Site` must be `same-origin` (the app's own pages) or `none` (typed by the user);
 * 3. browsers that send no `Sec-Fetch-*` get the same check on `Origin`, else on `Referer`;
 * 4. with none of these there is nothing showing the request came from the app: refused.
 *    Programs use the bearer token, as the README says.
 */

export type CrossSiteRequest = {
	headers: Headers;
	/** The app's own origin, e.g. `https://admin.example.com`. */
	appOrigin: string;
};

const SAME_ORIGIN_SITES = new Set(['same-origin', 'none']);
const NAVIGATION_MODES = new Set(['navigate', 'nested-navigate']);

/** Why the request must be refused, or `null` when it may go on. */
export function crossSiteRefusal({ headers, appOrigin }: CrossSiteRequest): string | null {
	if (headers.has('authorization')) return null;

	// Lists, not single values: a header sent twice arrives joined with commas, and every
	// value must pass.
	const modes = headerValues(headers, 'sec-fetch-mode');
	if (modes.some((mode) => NAVIGATION_MODES.has(mode)))
		return 'The API does not answer browser navigations (links, redirects, address bar) made with the session cookie.';

	const sites = headerValues(headers, 'sec-fetch-site');
	if (sites.length > 0) {
		const foreign = sites.find((site) => !SAME_ORIGIN_SITES.has(site));
		return foreign === undefined
			? null
			: `Requests made with the session cookie must come from this app's own pages (Sec-Fetch-Site was "${foreign}").`;
	}

	const origin = headers.get('origin');
	if (origin !== null) {
		return origin === appOrigin
			? null
			: "Requests made with the session cookie must come from this app's own pages (the Origin differs).";
	}

	const referer = headers.get('referer');
	if (referer !== null) {
		return originOf(referer) === appOrigin
			? null
			: "Requests made with the session cookie must come from this app's own pages (the Referer differs).";
	}

	return "Requests made with the session cookie must show they come from this app's own pages (Sec-Fetch-Site, Origin or Referer). Programs should send Authorization: Bearer <access token>.";
}

function headerValues(headers: Headers, name: string): string[] {
	const value = headers.get(name);
	if (value === null) return [];
	return value
		.split(',')
		.map((part) => part.trim().toLowerCase())
		.filter((part) => part !== '');
}

function originOf(url: string): string | null {
	try {
		return new URL(url).origin;
	} catch {
		return null;
	}
}

/** Supabase's session cookie (`sb-<ref>-auth-token`, possibly chunked as `.0`, `.1`, …). */
export function hasSessionCookie(cookieNames: Iterable<string>): boolean {
	for (const name of cookieNames) if (/^sb-.+-auth-token(\.\d+)?$/.test(name)) return true;
	return false;
}

/** The refusal as a tRPC-shaped JSON error, so the typed client reports it like any other. */
export function crossSiteRefusalResponse(reason: string): Response {
	const body = {
		error: {
			message: `Refused: ${reason}`,
			code: -32003,
			data: { code: 'FORBIDDEN', httpStatus: 403, reason: 'CROSS_SITE_REQUEST' }
		}
	};
	return new Response(JSON.stringify(body), {
		status: 403,
		headers: { 'content-type': 'application/json', vary: 'Origin, Sec-Fetch-Site, Sec-Fetch-Mode' }
	});
}
