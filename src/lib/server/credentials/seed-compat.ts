/**
 * The seed project's entry point, kept for programs written against it:
 *
 *   const { client, success, message, usingFallback } =
 *     await initBedrockClientWithSupabaseCredentials({ userId, useFallbackOnError: true });
 *   const models = await client.listFoundationModels();
 *
 * Server-side only: it reads the user's stored credentials with the privileged decrypt path,
 * so callers must already have decided that the acting user may use `userId`'s credentials.
 * With `useFallbackOnError`, missing or failing credentials give a client that serves the
 * flagged sample models (never `success: true`), and `usingFallback: true` says why.
 */
import type { Model } from '../../schemas/models';
import { NO_CREDENTIALS_MESSAGE } from '../access/no-credentials';
import { describeAwsError } from '../aws/errors';
import { listFoundationModels, toModel } from '../models/catalog';
import { createBedrockClients, type BedrockClients } from '../aws/clients';
import { accessCacheKey, cachedSdkClients } from '../cache/sdk-clients';
import { fallbackModels } from '../models/fallback';
import { AppError } from '../errors';
import { loadDecryptedCredentials } from '../secrets/decrypt';

export interface SeedBedrockClient {
	region: string;
	usingFallback: boolean;
	/** Why fallback data is served (present when usingFallback). */
	reason?: string;
	listFoundationModels(): Promise<Model[]>;
	/** The underlying SDK clients (absent for the fallback client). */
	clients?: BedrockClients;
}

export interface InitResult {
	client: SeedBedrockClient | null;
	success: boolean;
	message: string;
	usingFallback: boolean;
}

function fallbackClient(region: string, reason: string): SeedBedrockClient {
	return {
		region,
		usingFallback: true,
		reason,
		listFoundationModels: async () => fallbackModels(region)
	};
}

export async function initBedrockClientWithSupabaseCredentials(options: {
	userId: string;
	useFallbackOnError?: boolean;
}): Promise<InitResult> {
	const { userId, useFallbackOnError = false } = options;
	const fail = (message: string, region = 'us-east-1'): InitResult =>
		useFallbackOnError
			? {
					client: fallbackClient(region, message),
					success: false,
					message: `${message} Using fallback data (legacy sample models).`,
					usingFallback: true
				}
			: { client: null, success: false, message, usingFallback: false };

	let decrypted;
	try {
		decrypted = await loadDecryptedCredentials(userId);
	} catch (err) {
		return fail(
			err instanceof AppError ? err.message : 'The saved AWS credentials could not be read.'
		);
	}
	if (!decrypted) return fail(NO_CREDENTIALS_MESSAGE);

	const key = accessCacheKey(userId, decrypted.updatedAt, decrypted.region);
	const { credentials, region } = decrypted;
	const clients = await cachedSdkClients(key, async () => ({
		key,
		clients: createBedrockClients(credentials, region)
	}));
	try {
		// Prove the credentials work before handing the client out (the seed's behaviour).
		const summaries = await listFoundationModels(clients, {});
		const client: SeedBedrockClient = {
			region: decrypted.region,
			usingFallback: false,
			clients,
			listFoundationModels: async () =>
				(await listFoundationModels(clients, {})).map((s) => toModel(s))
		};
		return {
			client,
			success: true,
			message: `Connected to Amazon Bedrock in ${decrypted.region} with ${decrypted.accessKeyIdMasked ?? decrypted.credentials.kind.replace('_', ' ')} (${summaries.length} models).`,
			usingFallback: false
		};
	} catch (err) {
		const failure = describeAwsError(err, {
			region: decrypted.region,
			accessKeyIdMasked: decrypted.accessKeyIdMasked ?? undefined
		});
		return fail(
			`AWS refused the credentials (${failure.awsError}: ${failure.message}). ${failure.hint}`,
			decrypted.region
		);
	}
}
