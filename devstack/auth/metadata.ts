/**
 * GoTrue's metadata update rule (UpdateUserMetaData / UpdateAppMetaData): keys are merged into
 * the stored object one by one and a `null` value deletes the key. Nothing is deep-merged.
 */
export function mergeMetadata(
	current: Record<string, unknown> | null,
	updates: Record<string, unknown>
): Record<string, unknown> {
	const merged: Record<string, unknown> = { ...(current ?? {}) };
	for (const [key, value] of Object.entries(updates)) {
		if (value === null) delete merged[key];
		else merged[key] = value;
	}
	return merged;
}
