/**
 * The one way a UI catch tells a person something failed (like immich's handleError): a toast
 * titled with what could not be done, described by the actionable part of the error: the
 * server's message and its hint for tRPC errors, a plain sentence for network, permission and
 * unexpected failures. Never a stack or a secret (see formErrorsFrom / displayable).
 *
 *   } catch (err) {
 *     toastError(err, 'Could not delete the credentials');
 *   }
 *
 * Returns the form errors too, for a catch that also shows them beside fields.
 */
import { formErrorsFrom, type FormErrors } from '$lib/trpc/form-errors';
import { toast } from './toasts.svelte';

export interface ErrorToast {
	message: string;
	description: string;
	failure: FormErrors;
}

/** What the toast says (pure, so the mapping is unit-tested). */
export function errorToast(err: unknown, fallbackMessage: string): ErrorToast {
	const failure = formErrorsFrom(err);
	const description = failure.hint ? `${failure.message} ${failure.hint}` : failure.message;
	return { message: fallbackMessage, description, failure };
}

export function toastError(err: unknown, fallbackMessage: string): FormErrors {
	const { message, description, failure } = errorToast(err, fallbackMessage);
	toast.error(message, { description });
	return failure;
}
