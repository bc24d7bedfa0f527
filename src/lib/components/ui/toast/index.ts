/**
 * Toasts: mount <Toaster /> once (the dashboard layout does), then from any handler:
 *
 *   import { toast } from '$lib/components/ui/toast';
 *   toast.success('Credentials saved');
 *   toast.error('Could not save the credentials', { description: message });
 *
 * Success toasts have role status, failures role alert, inside the "Notifications" region.
 */
export { default as Toaster } from './Toaster.svelte';
export { toast, ToastStore, type Toast, type ToastTone } from './toasts.svelte';
