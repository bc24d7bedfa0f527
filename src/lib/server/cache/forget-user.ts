import { forgetModels } from './models';
import { forgetSdkClients } from './sdk-clients';

/** Drops everything cached for a user; called after any change to their credentials. */
export function forgetUser(userId: string): void {
	forgetSdkClients(userId);
	forgetModels(userId);
}
