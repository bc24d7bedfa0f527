/**
 * Status indicators: an icon plus a word, so colour is never the only signal.
 *
 *   import { StatusBadge, CheckStatus } from '$lib/components/ui/status';
 *   <StatusBadge status="connected" />            → ✓ Connected
 *   <StatusBadge status="fallback" size="md" />    → Using fallback data
 *   <StatusBadge status="fail" label="Denied" />   → custom word, same icon/colour
 *   <CheckStatus status={check.status} />          → pass / fail / skip ("Passed", "Failed", "Skipped")
 *
 * Kinds: pass, fail, skip, partial, connected, failing, untested, not_configured, fallback.
 */
export { default as StatusBadge } from './StatusBadge.svelte';
export { default as CheckStatus } from './CheckStatus.svelte';
export { STATUS_KINDS, STATUS_LOOKS, type StatusKind } from './statuses';
