import { AppError } from '../errors';

/** The one wording of "no credentials", wherever the server says it. */
export const NO_CREDENTIALS_MESSAGE = 'No AWS credentials are saved for this account.';
export const NO_CREDENTIALS_HINT =
	'Save an access key id, secret access key and region on the credentials page first.';

/** The one answer when a Bedrock call needs credentials the user has not saved. */
export function noCredentialsError(): AppError {
	return new AppError('PRECONDITION_FAILED', NO_CREDENTIALS_MESSAGE, { hint: NO_CREDENTIALS_HINT });
}
