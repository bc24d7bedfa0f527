/**
 * The session @supabase/ssr keeps in the `sb-<ref>-auth-token` cookie (split into `.0`, `.1`, …
 * chunks when long; `base64-` + base64url of the JSON), read WITHOUT the Supabase client.
 *
 * Why: the client's `getSession()` refreshes an expiring session on its own, with whatever
 * refresh token the cookie holds. safeGetSession first checks that the cookie's access token
 * was signed by our auth server (expired or not) and only then lets the client refresh.
 */
export type StoredSession = { accessToken: string; expiresAt: number | null };

type Cookie = { name: string; value: string };

const SESSION_COOKIE = /^(sb-.+-auth-token)(?:\.(\d+))?$/;

export function storedSessionFromCookies(cookies: readonly Cookie[]): StoredSession | null {
	const chunks = new Map<string, { index: number; value: string }[]>();
	for (const { name, value } of cookies) {
		const match = SESSION_COOKIE.exec(name);
		if (!match?.[1]) continue;
		const list = chunks.get(match[1]) ?? [];
		list.push({ index: match[2] === undefined ? -1 : Number(match[2]), value });
		chunks.set(match[1], list);
	}
	for (const parts of chunks.values()) {
		const whole = parts.some((p) => p.index === -1)
			? (parts.find((p) => p.index === -1)?.value ?? '')
			: parts
					.sort((a, b) => a.index - b.index)
					.map((p) => p.value)
					.join('');
		const session = parseSession(whole);
		if (session) return session;
	}
	return null;
}

function parseSession(raw: string): StoredSession | null {
	try {
		const json = raw.startsWith('base64-')
			? Buffer.from(raw.slice('base64-'.length), 'base64url').toString('utf8')
			: raw;
		const value = JSON.parse(json) as { access_token?: unknown; expires_at?: unknown };
		if (typeof value.access_token !== 'string' || value.access_token === '') return null;
		return {
			accessToken: value.access_token,
			expiresAt: typeof value.expires_at === 'number' ? value.expires_at : null
		};
	} catch {
		return null;
	}
}
