/** "key=value" lines (the dialogs' tag field) → AWS tags, or what is wrong with a line. */
export type ParsedTags =
	{ ok: true; tags: { key: string; value: string }[] } | { ok: false; error: string };

export function parseTags(text: string): ParsedTags {
	const tags: { key: string; value: string }[] = [];
	for (const [i, raw] of text.split('\n').entries()) {
		const line = raw.trim();
		if (!line) continue;
		const at = line.indexOf('=');
		if (at <= 0) return { ok: false, error: `Line ${i + 1} needs the form key=value` };
		tags.push({ key: line.slice(0, at).trim(), value: line.slice(at + 1).trim() });
	}
	return { ok: true, tags };
}
