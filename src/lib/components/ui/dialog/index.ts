/**
 * Dialogs on bits-ui (focus trap, Escape to close, focus returns to the opener).
 *
 *   import * as Dialog from '$lib/components/ui/dialog';
 *   <Dialog.Root bind:open>
 *     <Dialog.Trigger>Edit</Dialog.Trigger>            (or set `open = true` yourself)
 *     <Dialog.Content title="Edit credentials" description="…">
 *       …body…
 *       {#snippet footer()}<Button onclick={…}>Save</Button>{/snippet}
 *     </Dialog.Content>
 *   </Dialog.Root>
 *
 * Destructive confirmations (role alertdialog; Escape or Cancel backs out):
 *   import { ConfirmDialog } from '$lib/components/ui/dialog';
 *   <Button variant="danger" onclick={() => (confirming = true)}>Delete</Button>
 *   <ConfirmDialog bind:open={confirming} title="Delete credentials?" description="…"
 *     confirmLabel="Delete credentials" onconfirm={async () => { … }} />
 */
import { Dialog } from 'bits-ui';

export { default as Content } from './DialogContent.svelte';
export { default as ConfirmDialog } from './ConfirmDialog.svelte';

export const Root = Dialog.Root;
export const Trigger = Dialog.Trigger;
export const Close = Dialog.Close;
