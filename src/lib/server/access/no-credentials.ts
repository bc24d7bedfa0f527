import { AppError } from '../errors';

/** The one answer when a Bedrock call needs credentials the user has not saved. */
export function noCredentialsError(): AppError {
	return new AppError('PRECONDITION_FAILED', 'No AWS credentials are saved for this account.', {
		hint: 'Save an access key id, secret access key and region on the credentials page first.'
	});
}
