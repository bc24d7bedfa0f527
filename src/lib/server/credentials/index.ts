/** The credentials module's public surface (see DESIGN.md "Seed compatibility"). */
export {
	initBedrockClientWithSupabaseCredentials,
	type InitResult,
	type SeedBedrockClient
} from './seed-compat';
export { bedrockAccessFor } from '../access/resolve';
export {
	deleteCredentials,
	getCredentials,
	listAllCredentials,
	saveCredentials,
	type UserDb
} from './store';
export { loadDecryptedCredentials } from '../secrets/decrypt';
export { lastConnectionTest, testConnection } from '../connection-test/service';
