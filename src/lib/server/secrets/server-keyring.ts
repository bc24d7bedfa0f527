import { AppError } from '../errors';
import { KeyringError, keyringFromEnv, type Keyring } from './keyring';

/** The keyring from CREDENTIALS_ENCRYPTION_KEY, or a stable user-facing error when it is unusable. */
export function serverKeyring(): Keyring {
	try {
		return keyringFromEnv();
	} catch (err) {
		// The detailed reason is for the operator's log; the user gets a stable message.
		if (err instanceof KeyringError) console.error(`[credentials] ${err.message}`);
		throw new AppError(
			'INTERNAL_SERVER_ERROR',
			'Credential encryption is not configured on this server.',
			{
				hint: 'An operator must set CREDENTIALS_ENCRYPTION_KEY (see README).'
			}
		);
	}
}
