import { describe, expect, it } from 'vitest';
import { ageOf } from '../../src/routes/admin/supabase-bedrock/users/format';
import type { UserRow } from '../../src/routes/admin/supabase-bedrock/users/types';
import { visibleUsers } from '../../src/routes/admin/supabase-bedrock/users/user-order';

const credentials = (updatedAt: string) => ({
	credentialType: 'access_key' as const,
	accessKeyIdMasked: 'AKIA…MPLE',
	keyKind: 'long_term' as const,
	hasSessionToken: false,
	region: 'us-east-1',
	summary: 'AKIA…MPLE',
	assumeRole: null,
	apiKey: null,
	createdAt: updatedAt,
	updatedAt
});
const test = (status: 'pass' | 'fail', stale = false) => ({
	userId: 'x',
	status,
	region: 'us-east-1',
	testedAt: '2026-03-01T10:00:00Z',
	stale
});
const users: UserRow[] = [
	{
		userId: 'u1',
		email: 'zoe@example.com',
		credentials: credentials('2026-03-01T09:00:00Z'),
		lastTest: test('pass')
	},
	{ userId: 'u2', email: 'adam@example.com', credentials: null, lastTest: null },
	{
		userId: 'u3',
		email: 'mia@corp.test',
		credentials: credentials('2026-03-02T09:00:00Z'),
		lastTest: test('fail')
	},
	{
		userId: 'u4',
		email: 'bob@corp.test',
		credentials: credentials('2026-02-01T09:00:00Z'),
		lastTest: null
	}
];
const emails = (rows: UserRow[]) => rows.map((u) => u.email);

describe('all-users search and sort', () => {
	it('searches emails, any case', () => {
		expect(emails(visibleUsers(users, ' CORP ', 'email'))).toEqual([
			'bob@corp.test',
			'mia@corp.test'
		]);
		expect(visibleUsers(users, 'nobody', 'email')).toEqual([]);
	});

	it('puts failing tests first, then untested, passing, and users without keys last', () => {
		expect(emails(visibleUsers(users, '', 'failing'))).toEqual([
			'mia@corp.test',
			'bob@corp.test',
			'zoe@example.com',
			'adam@example.com'
		]);
	});

	it('sorts by the newest key change', () => {
		expect(emails(visibleUsers(users, '', 'updated'))[0]).toBe('mia@corp.test');
	});

	it('says how old a result is', () => {
		const now = '2026-03-01T12:00:00Z';
		expect(ageOf('2026-03-01T11:59:30Z', now)).toBe('just now');
		expect(ageOf('2026-03-01T11:55:00Z', now)).toBe('5 min ago');
		expect(ageOf('2026-03-01T09:00:00Z', now)).toBe('3 h ago');
		expect(ageOf('2026-02-25T12:00:00Z', now)).toBe('4 days ago');
	});
});
