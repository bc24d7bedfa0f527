/**
 * audit.list: the audit log, newest first, read as the calling user so RLS decides (only
 * admins can select public.audit_log). Emails come from the admin-only
 * public.admin_list_users_with_credentials() (auth.users is not readable by API roles), in
 * the same query, so a non-admin fails there too.
 *
 * Keyset pagination on the identity id: stable while new entries arrive, unlike offsets.
 * Details are copied field by field (never the raw jsonb) so only public facts leave.
 */
import {
	AUDIT_CHANGED_FIELDS,
	auditBudgetSchema,
	auditCheckSchema,
	type AuditBudget,
	type AuditCheck,
	auditListOutput,
	type AuditBefore,
	type AuditChangedField,
	type AuditDetails,
	type AuditListOutput
} from '../../schemas/audit';
import { maskAccessKeyId } from '../../schemas/credentials';
import { selectAuditEntries, type AuditEntryRow, type AuditQuery } from '../db/audit-log';
import type { UserDb } from '../db/rls';

export async function listAuditEntries(db: UserDb, query: AuditQuery): Promise<AuditListOutput> {
	const rows = await db((tx) => selectAuditEntries(tx, query));
	const page = rows.slice(0, query.limit);
	return auditListOutput.parse({
		entries: page.map(toEntry),
		nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null
	});
}

function toEntry(row: AuditEntryRow) {
	// A cascade (user deleted) keeps the target only in details.user_id.
	const detailsUserId = typeof row.details.user_id === 'string' ? row.details.user_id : null;
	const targetId = row.target_user_id ?? detailsUserId;
	return {
		id: row.id,
		createdAt: new Date(row.created_at).toISOString(),
		action: row.action,
		actor: row.actor_id ? { id: row.actor_id, email: row.actor_email } : null,
		target: targetId ? { id: targetId, email: row.target_email } : null,
		details: publicDetails(row.details)
	};
}

const defined = <T extends object>(picked: T): T =>
	Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)) as T;

/** The credentials facts stored by the audit trigger (also the shape of its `before`). */
function credentialFacts(details: Record<string, unknown>): AuditBefore {
	const text = (key: string) => (typeof details[key] === 'string' ? details[key] : undefined);
	const keyId = text('access_key_id');
	return {
		// Stored masked by the trigger; masked again in case an older writer stored it whole.
		accessKeyIdMasked: keyId && !keyId.includes('…') ? maskAccessKeyId(keyId) : keyId,
		region: text('region'),
		credentialType: text('credential_type'),
		hasSessionToken:
			typeof details.has_session_token === 'boolean' ? details.has_session_token : undefined
	};
}

function publicDetails(details: Record<string, unknown>): AuditDetails {
	const text = (key: string) => (typeof details[key] === 'string' ? details[key] : undefined);
	const count = (key: string) => (typeof details[key] === 'number' ? details[key] : undefined);
	const before =
		details.before && typeof details.before === 'object'
			? defined(credentialFacts(details.before as Record<string, unknown>))
			: undefined;
	const changed = Array.isArray(details.changed)
		? details.changed.filter((name): name is AuditChangedField =>
				(AUDIT_CHANGED_FIELDS as readonly unknown[]).includes(name)
			)
		: undefined;
	return defined<AuditDetails>({
		...credentialFacts(details),
		before,
		changed,
		status: ['pass', 'fail', 'partial'].includes(text('status') ?? '')
			? (text('status') as AuditDetails['status'])
			: undefined,
		checks: checksOf(details.checks),
		includeInvocation:
			typeof details.include_invocation === 'boolean' ? details.include_invocation : undefined,
		keyId: text('key_id'),
		rotated: count('rotated'),
		failed: count('failed'),
		budget: budgetFacts(details),
		budgetBefore:
			details.before && typeof details.before === 'object'
				? budgetFacts(details.before as Record<string, unknown>)
				: undefined
	});
}

/** A budget entry's values (see the budget audit trigger); undefined for other entries. */
function budgetFacts(details: Record<string, unknown>): AuditBudget | undefined {
	if (!('monthly_usd' in details) && !('requests_per_minute' in details)) return undefined;
	const parsed = auditBudgetSchema.safeParse({
		monthlyUsd: details.monthly_usd ?? null,
		requestsPerMinute: details.requests_per_minute ?? null,
		allowUnpricedModels:
			typeof details.allow_unpriced_models === 'boolean' ? details.allow_unpriced_models : undefined
	});
	return parsed.success ? defined(parsed.data) : undefined;
}

/** A connection test's checks, each picked field by field; anything malformed is left out. */
function checksOf(value: unknown): AuditCheck[] | undefined {
	if (!Array.isArray(value)) return undefined;
	return value.flatMap((item) => {
		if (!item || typeof item !== 'object') return [];
		const check = item as Record<string, unknown>;
		const parsed = auditCheckSchema.safeParse({
			id: check.id,
			status: check.status,
			awsError: typeof check.aws_error === 'string' ? check.aws_error : undefined
		});
		return parsed.success ? [defined(parsed.data)] : [];
	});
}
