import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '$lib/server/auth/safe-redirect';

const FALLBACK = '/fallback';

describe('safeRedirectPath', () => {
	it.each([
		['/admin/supabase-bedrock', '/admin/supabase-bedrock'],
		[
			'/admin/supabase-bedrock/models?provider=anthropic#top',
			'/admin/supabase-bedrock/models?provider=anthropic#top'
		],
		['/', '/'],
		['/a/../b', '/b']
	])('keeps the same-origin path %s', (input, expected) => {
		expect(safeRedirectPath(input, FALLBACK)).toBe(expected);
	});

	it.each([
		['missing', null],
		['empty', ''],
		['protocol-relative', '//evil.example'],
		['protocol-relative with path', '//evil.example/admin'],
		['backslash host', '/\\evil.example'],
		['backslashes only', '\\\\evil.example'],
		['absolute https', 'https://evil.example/'],
		['javascript url', 'javascript:alert(1)'],
		['relative path', 'admin'],
		['tab between slashes', '/\t/evil.example'],
		['newline between slashes', '/\n/evil.example'],
		['dot segment that normalises to //', '/.//evil.example'],
		['encoded dot segment', '/%2e//evil.example'],
		[
			'the API (a model call bounced through sign-in)',
			'/api/trpc/invoke.converseStream?input=%7B%7D'
		],
		['the API, percent-encoded', '/%61pi/trpc/me.get'],
		['the API root', '/api']
	])('refuses %s', (_label, input) => {
		expect(safeRedirectPath(input, FALLBACK)).toBe(FALLBACK);
	});
});
