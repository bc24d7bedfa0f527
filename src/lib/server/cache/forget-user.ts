import { invalidateUserClients } from '../aws/clients';
import { invalidateUserModels } from './models';
import { forgetUserAccess } from './sdk-clients';

/** Drops everything cached for a user; called after any change to their credentials. */
export function forgetUserCaches(userId: string): void {
	invalidateUserClients(userId);
	invalidateUserModels(userId);
	forgetUserAccess(userId);
}
