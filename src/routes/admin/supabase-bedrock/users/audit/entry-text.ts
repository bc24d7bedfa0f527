import type { AuditBudget, AuditCheck, AuditEntry } from '$lib/schemas/audit';

/** "someone@example.com", or what to say when the person is gone or was the server. */
export function personLabel(person: AuditEntry['actor'], none: string): string {
	if (!person) return none;
	return person.email ?? `Deleted user ${person.id.slice(0, 8)}`;
}

const TEST_WORDS = { pass: 'test passed', fail: 'test failed', partial: 'test partly passed' };

const kindWord = (hasSessionToken: boolean) => (hasSessionToken ? 'temporary' : 'long-term');

/**
 * The public facts of an entry as short phrases; the masked key id is marked for monospace.
 * For an update, what changed reads "before → after" (region, key id, kind), and a new secret
 * as "secret replaced" (never its value).
 */
export function detailParts(entry: AuditEntry): { text: string; mono?: boolean }[] {
	const d = entry.details;
	const before = d.before;
	const changed = new Set(d.changed ?? []);
	const from = (field: string, old: string | undefined, now: string) =>
		before && changed.has(field as never) && old !== undefined ? `${old} → ${now}` : now;
	const parts: { text: string; mono?: boolean }[] = [];
	if (d.accessKeyIdMasked)
		parts.push({
			text: from('access_key_id', before?.accessKeyIdMasked, d.accessKeyIdMasked),
			mono: true
		});
	if (d.region) parts.push({ text: from('region', before?.region, d.region) });
	if (d.hasSessionToken !== undefined)
		parts.push({
			text: from(
				'session_token',
				before?.hasSessionToken === undefined ? undefined : kindWord(before.hasSessionToken),
				kindWord(d.hasSessionToken)
			)
		});
	if (d.status) parts.push({ text: TEST_WORDS[d.status] });
	if (d.checks) parts.push(...checkParts(d.checks));
	if (d.includeInvocation) parts.push({ text: 'with invocation' });
	if (changed.has('secret')) parts.push({ text: 'secret replaced' });
	if (before && changed.size === 1 && changed.has('region')) parts.push({ text: 'region only' });
	if (d.keyId) parts.push({ text: `encryption key ${d.keyId}` });
	if (d.rotated !== undefined) parts.push({ text: `${d.rotated} re-encrypted` });
	if (d.failed) parts.push({ text: `${d.failed} failed` });
	if (d.budget) parts.push(...budgetParts(d.budget, d.budgetBefore));
	else if (d.budgetBefore)
		parts.push({
			text: `was ${budgetUsd(d.budgetBefore.monthlyUsd)}, ${budgetRate(d.budgetBefore.requestsPerMinute)}`
		});
	return parts;
}

const budgetUsd = (usd: number | null) =>
	usd === null ? 'no monthly limit' : `$${usd.toFixed(2)} a month`;
const budgetRate = (rpm: number | null) =>
	rpm === null ? 'default rate' : `${rpm} calls a minute`;

/** A budget change: "before → after" for each value that changed, else the new values. */
function budgetParts(now: AuditBudget, before: AuditBudget | undefined): { text: string }[] {
	const parts: { text: string }[] = [];
	const pair = (old: string | undefined, current: string) =>
		old !== undefined && old !== current ? `${old} → ${current}` : current;
	parts.push({ text: pair(before && budgetUsd(before.monthlyUsd), budgetUsd(now.monthlyUsd)) });
	parts.push({
		text: pair(before && budgetRate(before.requestsPerMinute), budgetRate(now.requestsPerMinute))
	});
	if (now.allowUnpricedModels !== undefined)
		parts.push({
			text: now.allowUnpricedModels ? 'unpriced models allowed' : 'unpriced models refused'
		});
	return parts;
}

const CHECK_NAMES: Record<AuditCheck['id'], string> = {
	credentials: 'keys',
	assume_role: 'assume role',
	identity: 'identity',
	list_models: 'list models',
	get_model: 'get model',
	invoke_model: 'invoke',
	invoke_stream: 'stream',
	api_key_expiry: 'API key expiry'
};

/** A connection test's checks: how many passed, and each failure by name with AWS's error. */
export function checkParts(checks: readonly AuditCheck[]): { text: string }[] {
	const passed = checks.filter((c) => c.status === 'pass').length;
	const skipped = checks.filter((c) => c.status === 'skip').length;
	const parts = [{ text: `${passed} of ${checks.length} checks passed` }];
	for (const check of checks.filter((c) => c.status === 'fail')) {
		const why = check.awsError ? ` (${check.awsError})` : '';
		parts.push({ text: `${CHECK_NAMES[check.id]} failed${why}` });
	}
	if (skipped) parts.push({ text: `${skipped} skipped` });
	return parts;
}
