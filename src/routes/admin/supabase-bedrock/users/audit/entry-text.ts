import type { AuditEntry } from '$lib/schemas/audit';

/** "someone@example.com", or what to say when the person is gone or was the server. */
export function personLabel(person: AuditEntry['actor'], none: string): string {
	if (!person) return none;
	return person.email ?? `Deleted user ${person.id.slice(0, 8)}`;
}

/** The public facts of an entry as short phrases; the masked key id is marked for monospace. */
export function detailParts(entry: AuditEntry): { text: string; mono?: boolean }[] {
	const d = entry.details;
	const parts: { text: string; mono?: boolean }[] = [];
	if (d.accessKeyIdMasked) parts.push({ text: d.accessKeyIdMasked, mono: true });
	if (d.region) parts.push({ text: d.region });
	if (d.hasSessionToken !== undefined)
		parts.push({ text: d.hasSessionToken ? 'temporary' : 'long-term' });
	if (d.keyId) parts.push({ text: `encryption key ${d.keyId}` });
	if (d.rotated !== undefined) parts.push({ text: `${d.rotated} re-encrypted` });
	if (d.failed) parts.push({ text: `${d.failed} failed` });
	return parts;
}
