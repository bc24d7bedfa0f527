/**
 * Credentials UI shared by the dashboard's own-credentials page and the all-users editor.
 *
 *   import { CredentialsForm } from '$lib/components/credentials';
 *   <CredentialsForm
 *     initial={{ region: row.credentials?.region }}
 *     successMessage={`Credentials saved for ${row.email}`}
 *     onsubmit={async (input) => {
 *       await browserTrpc().credentials.saveForUser.mutate({ userId: row.userId, ...input });
 *       await invalidateAll();
 *     }}
 *     oncancel={() => (open = false)} idPrefix="edit-user" />
 *
 * The form toasts success/failure itself and maps server field errors; `onsubmit` only sends.
 */
export { default as CredentialsForm } from './CredentialsForm.svelte';
export { REGION_OPTIONS } from './region-options';
export { default as CredentialsSummary } from './CredentialsSummary.svelte';
export type { SaveOutcome } from './save-outcome';
export { default as RegionForm } from './RegionForm.svelte';
