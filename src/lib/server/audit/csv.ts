/**
 * The audit log as CSV (one row per entry, the same public facts the page shows). Cells that a
 * spreadsheet would run as a formula (= + - @, tab, CR) are prefixed with `'`, and every cell is
 * quoted, so an email or a region can never become a formula or break the columns.
 */
import type { AuditCheck, AuditEntry } from '../../schemas/audit';
import { csvCell } from '../csv/cell';

export const AUDIT_CSV_COLUMNS = [
	'time',
	'action',
	'actor',
	'target',
	'access_key_id',
	'region',
	'key_type',
	'test_status',
	'changed',
	'before_access_key_id',
	'before_region',
	'checks',
	'with_invocation'
] as const;

const cell = csvCell;

/** `list_models:fail:AccessDeniedException`: one token per check, space-separated. */
const checkCell = (check: AuditCheck) =>
	[check.id, check.status, ...(check.awsError ? [check.awsError] : [])].join(':');

const person = (p: AuditEntry['actor']) => (p ? (p.email ?? p.id) : '');

export function auditCsvRow(entry: AuditEntry): string {
	const d = entry.details;
	return [
		entry.createdAt,
		entry.action,
		person(entry.actor),
		person(entry.target),
		d.accessKeyIdMasked,
		d.region,
		d.hasSessionToken === undefined ? '' : d.hasSessionToken ? 'temporary' : 'long-term',
		d.status,
		d.changed?.join(' '),
		d.before?.accessKeyIdMasked,
		d.before?.region,
		d.checks?.map(checkCell).join(' '),
		d.includeInvocation
	]
		.map(cell)
		.join(',');
}

export function auditCsvHeader(): string {
	return AUDIT_CSV_COLUMNS.map(cell).join(',');
}
