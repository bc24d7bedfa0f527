import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, hasSessionCookie } from '$lib/server/http/cross-site';

const APP = 'https://admin.example.com';
const check = (headers: Record<string, string>) =>
	crossSiteRefusal({ headers: new Headers(headers), appOrigin: APP });

describe('crossSiteRefusal', () => {
	it.each([
		['same-origin fetch', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }],
		['user-typed non-navigation', { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'cors' }],
		['old browser, own Origin', { origin: APP }],
		['old browser, own Referer', { referer: `${APP}/admin/supabase-bedrock?x=1` }],
		['bearer token from anywhere', { authorization: 'Bearer x', 'sec-fetch-site': 'cross-site' }]
	])('lets through: %s', (_label, headers) => {
		expect(check(headers)).toBeNull();
	});

	it.each([
		['cross-site fetch', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }],
		['same-site (sibling subdomain)', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' }],
		['cross-site link', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }],
		['same-origin navigation', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' }],
		['iframe navigation', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'nested-navigate' }],
		['foreign Origin', { origin: 'https://evil.example' }],
		['opaque Origin', { origin: 'null' }],
		['Origin of another port', { origin: 'https://admin.example.com:8443' }],
		['foreign Referer', { referer: 'https://evil.example/x' }],
		['unparsable Referer', { referer: 'not a url' }],
		['no evidence at all', {}],
		['only Sec-Fetch-Mode (Node fetch)', { 'sec-fetch-mode': 'cors' }],
		[
			'navigation among repeated modes',
			{ 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors, navigate' }
		],
		['a foreign site among repeated values', { 'sec-fetch-site': 'same-origin, cross-site' }]
	])('refuses: %s', (_label, headers) => {
		expect(check(headers)).toMatch(/session cookie/);
	});

	it('trusts Sec-Fetch-Site over a forged-looking Origin (browsers set both; Sec-Fetch wins)', () => {
		expect(check({ 'sec-fetch-site': 'cross-site', origin: APP })).not.toBeNull();
	});
});

describe('hasSessionCookie', () => {
	it('finds the Supabase session cookie, chunked or not', () => {
		expect(hasSessionCookie(['theme', 'sb-127-auth-token'])).toBe(true);
		expect(hasSessionCookie(['sb-abc-auth-token.0', 'sb-abc-auth-token.1'])).toBe(true);
		expect(hasSessionCookie(['theme', 'sb-abc-auth-token-code-verifier'])).toBe(false);
		expect(hasSessionCookie([])).toBe(false);
	});
});
