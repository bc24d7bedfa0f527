/**
 * Reading model ids: where they may wrap, and what tells same-named models apart.
 *
 * AWS lists context-window variants as separate models with the same name
 * (`anthropic.claude-3-haiku-20240307-v1:0`, `…-v1:0:48k`, `…-v1:0:200k`); the suffix after
 * the version is the only difference, so it is what the catalog shows next to the name.
 */

/** The id split after each separator (`.` `-` `:` `/`), so it can wrap there and nowhere else. */
export function idSegments(id: string): string[] {
	return id.split(/(?<=[.\-:/])/);
}

/** `…-v1:0:200k` → `200k`; null for the base model (no variant suffix). */
export function contextVariant(modelId: string): string | null {
	const match = /:\d+:(\d+(?:k|m))$/i.exec(modelId);
	return match?.[1]?.toLowerCase() ?? null;
}

/** `200k` → 200000 (tokens), for "context window" where the id says it. */
export function contextTokens(variant: string): number {
	const n = Number.parseInt(variant, 10);
	return variant.toLowerCase().endsWith('m') ? n * 1_000_000 : n * 1_000;
}

/** The id's last dash-separated part (`anthropic.claude-v2:1` → `v2:1`). */
const versionOf = (modelId: string) => modelId.slice(modelId.lastIndexOf('-') + 1);

/**
 * What to show after a name that appears more than once in the list: the context variant
 * (`200k context`); for the base model `standard context`, or its version (`version v2:1`)
 * when several same-named models have no variant.
 */
export function disambiguators(models: readonly { modelId: string; modelName: string }[]) {
	const groups = new Map<string, string[]>();
	for (const m of models) groups.set(m.modelName, [...(groups.get(m.modelName) ?? []), m.modelId]);
	const result = new Map<string, string>();
	for (const ids of groups.values()) {
		if (ids.length < 2) continue;
		const plain = ids.filter((id) => !contextVariant(id));
		for (const id of ids) {
			const variant = contextVariant(id);
			if (variant) result.set(id, `${variant} context`);
			else result.set(id, plain.length > 1 ? `version ${versionOf(id)}` : 'standard context');
		}
	}
	return result;
}
