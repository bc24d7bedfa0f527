/**
 * A text tooltip on hover and keyboard focus (bits-ui; Escape hides it).
 *
 *   import { Tooltip } from '$lib/components/ui/tooltip';
 *   <Tooltip text="Copy the model id">
 *     {#snippet trigger({ props })}<button {...props} aria-label="Copy">…</button>{/snippet}
 *   </Tooltip>
 *
 * The trigger must be focusable and have its own accessible name: a tooltip is a hint, not a
 * label.
 */
export { default as Tooltip } from './Tooltip.svelte';
