/**
 * `@bedrock-admin/client`: the typed client of the bedrock-admin API for programs outside
 * its repository. See README.md for installing, signing in, calling and streaming.
 */
export {
	createBedrockAdminClient,
	type BedrockAdminClient,
	type BedrockAdminClientOptions
} from './client.js';
export type { AppRouter } from './app-router.js';
export type { RouterInputs, RouterOutputs } from './router-types.js';
export type { AccessTokenOption, SupabaseSessionSource } from './access-token.js';
export {
	describeError,
	displayable,
	type BedrockAdminError,
	type BedrockAdminErrorCode,
	type FieldErrors
} from './errors.js';
export {
	SIGN_IN_AGAIN_MESSAGE,
	SignInRequiredError,
	type SignInRequiredReason
} from './sign-in-required.js';
