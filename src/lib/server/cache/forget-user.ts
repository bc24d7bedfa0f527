import { forgetModels } from './models';
import { forgetOwnCredentials } from './own-credentials';
import { forgetSdkClients } from './sdk-clients';

/** Drops everything cached for a user; called after any change to their credentials. */
export function forgetUser(userId: string): void {
	forgetOwnCredentials(userId);
	forgetSdkClients(userId);
	forgetModels(userId);
}
