/**
 * A titled panel: `<Card title="Connection health">…{#snippet actions()}…{/snippet}</Card>`.
 * Renders a <section> labelled by its heading, so `getByRole('region', { name })` finds it.
 */
export { default as Card } from './Card.svelte';
