// What the app integration tests share: a tiny cookie-keeping browser stand-in that signs in
// through the real /login form (users come from tests/helpers/factories.ts).
import { testEnv } from '../../helpers/test-env';

export const appUrl = (path: string) => new URL(path, testEnv().APP_URL).toString();

/** Cookies as a browser would keep them for the app's origin (name → value). */
export class CookieJar {
	readonly cookies = new Map<string, string>();

	store(response: Response): void {
		for (const line of response.headers.getSetCookie()) {
			const [pair = ''] = line.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			if (/max-age=0\b/i.test(line) || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	header(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	}

	sessionCookieName(): string | undefined {
		return [...this.cookies.keys()].find((name) => /^sb-.+-auth-token$/.test(name));
	}

	/** A page request with the jar's cookies; redirects are returned, not followed. */
	async get(path: string, accept = 'text/html'): Promise<Response> {
		const response = await fetch(appUrl(path), {
			headers: { cookie: this.header(), accept },
			redirect: 'manual'
		});
		this.store(response);
		return response;
	}

	/** A plain (non-JavaScript) HTML form post, as the browser sends it. */
	async postForm(path: string, fields: Record<string, string>): Promise<Response> {
		const response = await fetch(appUrl(path), {
			method: 'POST',
			headers: {
				cookie: this.header(),
				origin: testEnv().APP_URL,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
		this.store(response);
		return response;
	}
}

export async function signInThroughForm(
	user: { email: string; password: string },
	path = '/login'
): Promise<{ jar: CookieJar; response: Response }> {
	const jar = new CookieJar();
	const response = await jar.postForm(path, { email: user.email, password: user.password });
	return { jar, response };
}

/** The JSON inside the `base64-` encoded session cookie that @supabase/ssr writes. */
export function decodeSessionCookie(value: string): Record<string, unknown> {
	return JSON.parse(
		Buffer.from(decodeURIComponent(value).replace(/^base64-/, ''), 'base64url').toString('utf8')
	);
}

export function encodeSessionCookie(session: Record<string, unknown>): string {
	return `base64-${Buffer.from(JSON.stringify(session)).toString('base64url')}`;
}
