/** The AWS error name a ledger row keeps: the described error's, else the raw name or code. */
import { AppError } from '../errors';
import { failureName } from '../aws/errors';

export function awsErrorName(err: unknown): string {
	if (err instanceof AppError && err.awsError) return err.awsError;
	return failureName(err);
}
