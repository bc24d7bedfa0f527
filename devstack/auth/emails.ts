/**
 * Email validation as GoTrue's validateEmail: required, at most 255 characters, a plausible
 * address (the permissive pattern of the checkmail library GoTrue uses), stored lowercased.
 */
import { badRequest } from './errors';

const MAX_EMAIL_LENGTH = 255;
const EMAIL_PATTERN =
	/^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Returns the normalized (trimmed, lowercased) address or throws 400 `validation_failed`. */
export function validateEmail(email: string): string {
	const normalized = email.trim().toLowerCase();
	if (normalized === '') throw badRequest('validation_failed', 'An email address is required');
	if (normalized.length > MAX_EMAIL_LENGTH) {
		throw badRequest('validation_failed', 'An email address is too long');
	}
	if (!EMAIL_PATTERN.test(normalized)) {
		throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
	}
	return normalized;
}
