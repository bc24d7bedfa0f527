// Arranging state through the typed API (bearer token), as a TypeScript program would: faster
// than the form when the form is not what a spec is about.
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';
import { createBedrockAdminClient } from '../../../src/lib/trpc/client';
import { signIn, type Login } from '../../helpers/factories';

/** `login`'s own typed client against the app under test. */
export async function apiAs(login: Login, appUrl = process.env.APP_URL) {
	if (!appUrl) throw new Error('APP_URL is not set: run the browser tests through `npm test`');
	const { accessToken } = await signIn(login.email, login.password);
	return createBedrockAdminClient({ url: appUrl, accessToken });
}

/** Saves AWS's example key id for `login`, with the example secret unless told otherwise. */
export async function saveExampleKeysViaApi(
	login: Login,
	secretAccessKey: string = EXAMPLE_KEY_PAIR.secretAccessKey
): Promise<void> {
	const api = await apiAs(login);
	await api.credentials.save.mutate({
		accessKeyId: EXAMPLE_KEY_PAIR.accessKeyId,
		secretAccessKey,
		region: 'us-east-1'
	});
}
