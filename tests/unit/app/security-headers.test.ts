import { describe, expect, it } from 'vitest';
import { HSTS, NON_PAGE_CSP, securityHeaders } from '$lib/server/http/security-headers';

describe('securityHeaders', () => {
	it('always sends nosniff, the referrer policy and the frame refusal', () => {
		const headers = securityHeaders({ https: false, authenticated: false, hasCsp: true });
		expect(headers).toEqual({
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'same-origin',
			'x-frame-options': 'DENY'
		});
	});

	it('adds HSTS over https only', () => {
		expect(
			securityHeaders({ https: true, authenticated: false, hasCsp: true })[
				'strict-transport-security'
			]
		).toBe(HSTS);
		expect(HSTS).toMatch(/max-age=\d{8,}/);
		expect(
			securityHeaders({ https: false, authenticated: false, hasCsp: true })[
				'strict-transport-security'
			]
		).toBeUndefined();
	});

	it('gives answers without a page policy the locked-down one', () => {
		const headers = securityHeaders({ https: false, authenticated: false, hasCsp: false });
		expect(headers['content-security-policy']).toBe(NON_PAGE_CSP);
		expect(NON_PAGE_CSP).toContain("frame-ancestors 'none'");
	});

	it('marks every answer to a signed-in caller private and not storable', () => {
		expect(
			securityHeaders({ https: true, authenticated: true, hasCsp: true })['cache-control']
		).toBe('private, no-store');
		expect(
			securityHeaders({ https: true, authenticated: false, hasCsp: true })['cache-control']
		).toBeUndefined();
	});
});
