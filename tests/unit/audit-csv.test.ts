import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/lib/schemas/audit';
import { AUDIT_CSV_COLUMNS, auditCsvHeader, auditCsvRow } from '../../src/lib/server/audit/csv';

const entry = (patch: Partial<AuditEntry> = {}): AuditEntry => ({
	id: '1',
	createdAt: '2026-03-01T10:00:00.000Z',
	action: 'credentials.saved',
	actor: { id: 'a', email: 'ann@example.com' },
	target: { id: 'a', email: 'ann@example.com' },
	details: {
		accessKeyIdMasked: 'AKIA…MPLE',
		region: 'eu-west-1',
		hasSessionToken: false,
		before: { region: 'us-east-1' },
		changed: ['region']
	},
	...patch
});

describe('audit CSV', () => {
	it('has one quoted cell per column, the header first', () => {
		expect(auditCsvHeader().split(',')).toHaveLength(AUDIT_CSV_COLUMNS.length);
		expect(auditCsvRow(entry())).toBe(
			'"2026-03-01T10:00:00.000Z","credentials.saved","ann@example.com","ann@example.com","AKIA…MPLE","eu-west-1","long-term","","region","","us-east-1","",""'
		);
	});

	it('writes a connection test with each check (id, status, AWS error) and the invocation flag', () => {
		const row = auditCsvRow(
			entry({
				action: 'connection.tested',
				details: {
					accessKeyIdMasked: 'AKIA…MPLE',
					region: 'us-east-1',
					status: 'partial',
					includeInvocation: false,
					checks: [
						{ id: 'credentials', status: 'pass' },
						{ id: 'list_models', status: 'fail', awsError: 'AccessDeniedException' },
						{ id: 'invoke_model', status: 'skip' }
					]
				}
			})
		);
		expect(row).toBe(
			'"2026-03-01T10:00:00.000Z","connection.tested","ann@example.com","ann@example.com","AKIA…MPLE","us-east-1","","partial","","","","credentials:pass list_models:fail:AccessDeniedException invoke_model:skip","false"'
		);
	});

	it('defuses values a spreadsheet would run as formulas and escapes quotes', () => {
		const row = auditCsvRow(
			entry({ actor: { id: 'x', email: '=HYPERLINK("http://evil")' }, target: null })
		);
		expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
		expect(row.split('","')[3]).toBe('');
	});
});
