/**
 * Toasts: mount <Toaster /> once (the dashboard layout does), then from any handler:
 *
 *   import { toast } from '$lib/components/ui/toast';
 *   toast.success('Credentials saved');
 *   toastError(err, 'Could not save the credentials');   // in a catch: never build it by hand
 *
 * Success toasts have role status, failures role alert, inside the "Notifications" region.
 */
export { default as Toaster } from './Toaster.svelte';
export { toast, ToastStore, type Toast, type ToastTone } from './toasts.svelte';
export { errorToast, toastError, type ErrorToast } from './toast-error';
