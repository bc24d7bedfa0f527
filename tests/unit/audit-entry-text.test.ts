import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/lib/schemas/audit';
import { detailParts } from '../../src/routes/admin/supabase-bedrock/users/audit/entry-text';

const tested = (details: AuditEntry['details']): AuditEntry => ({
	id: '1',
	createdAt: '2026-03-01T10:00:00.000Z',
	action: 'connection.tested',
	actor: { id: 'a', email: 'admin@example.com' },
	target: { id: 'b', email: 'bob@example.com' },
	details
});

const texts = (entry: AuditEntry) => detailParts(entry).map((part) => part.text);

describe('audit entry text for connection tests', () => {
	it('says how many checks passed and names each failure with AWS error', () => {
		expect(
			texts(
				tested({
					accessKeyIdMasked: 'AKIA…MPLE',
					region: 'eu-west-1',
					status: 'partial',
					checks: [
						{ id: 'credentials', status: 'pass' },
						{ id: 'identity', status: 'pass' },
						{ id: 'list_models', status: 'fail', awsError: 'AccessDeniedException' },
						{ id: 'get_model', status: 'fail' },
						{ id: 'invoke_model', status: 'skip' },
						{ id: 'invoke_stream', status: 'skip' }
					]
				})
			)
		).toEqual([
			'AKIA…MPLE',
			'eu-west-1',
			'test partly passed',
			'2 of 6 checks passed',
			'list models failed (AccessDeniedException)',
			'get model failed',
			'2 skipped'
		]);
	});

	it('marks a test that included the billed invocation checks', () => {
		expect(
			texts(
				tested({
					status: 'pass',
					includeInvocation: true,
					checks: [{ id: 'invoke_model', status: 'pass' }]
				})
			)
		).toEqual(['test passed', '1 of 1 checks passed', 'with invocation']);
	});
});
