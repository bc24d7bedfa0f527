/**
 * A labelled single-choice Select (bits-ui listbox: keyboard typeahead, arrows, Enter, Escape)
 * that submits its value with a surrounding <form> through a hidden input named `name`.
 *
 *   import { Select } from '$lib/components/ui/select';
 *   <Select label="Region" name="region" bind:value={region}
 *     options={BEDROCK_REGIONS.map((r) => ({ value: r.id, label: `${r.name} · ${r.id}` }))}
 *     errors={fieldErrors.region} />
 *
 * `getByLabel('Region')` finds the trigger (role combobox); the options have role option.
 */
export { default as Select } from './Select.svelte';
export type { SelectOption } from './types';
