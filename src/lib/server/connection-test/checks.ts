/**
 * The connection test: each step a user's keys must pass, in order, reported one by one.
 *
 * It loads the STORED credentials through the same function the rest of the API uses (peer
 * tools' tests passed with typed-in keys while the saved ones failed). Invocation checks run
 * only when asked: they cost money, and list-then-invoke from a long-term key is what AWS's
 * abuse detection looks for.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { apiKeyExpiryState } from '../../schemas/api-keys';
import {
	checkIdsFor,
	connectionStatusOf,
	type ConnectionCheck,
	type ConnectionCheckId,
	type ConnectionTestResult
} from '../../schemas/connection';
import { NO_CREDENTIALS_HINT, NO_CREDENTIALS_MESSAGE } from '../access/no-credentials';
import { AppError } from '../errors';
import { getFoundationModel, listFoundationModels } from '../models/catalog';
import type { BedrockClients } from '../aws/clients';
import { CHEAP_TEXT_MODELS, nativeFormatFor } from '../aws/native-bodies';
import { invokeModel, invokeModelWithResponseStream, type CallTrace } from '../aws/runtime';
import type { ConnectionInvocation } from '../usage/connection-test';

export interface LoadedCredentials {
	clients: BedrockClients;
	region: string;
	accessKeyIdMasked: string | null;
	/** What identifies the credentials (CredentialsView.summary). */
	label: string;
	apiKeyExpiresAt: string | null;
}

export interface ConnectionTestDeps {
	/** Loads and decrypts the stored credentials; `null` when none are saved. Throws when undecryptable. */
	load(): Promise<LoadedCredentials | null>;
	includeInvocation: boolean;
	now?: () => Date;
	/** Told about each model invocation (they cost money: the usage ledger records them). */
	onInvocation?: (invocation: ConnectionInvocation) => void;
	/**
	 * Called once before the (billed) invocations, with the model and the request body both of
	 * them send: reserves their cost against the user's budget. A PAYMENT_REQUIRED refusal
	 * skips them, with its message; nothing is sent to AWS then.
	 */
	beforeInvocations?: (modelId: string, body: Record<string, unknown>) => Promise<void>;
}

const LABELS: Record<ConnectionCheckId, { label: string; iamAction?: string }> = {
	credentials: { label: 'Credentials saved and decryptable' },
	assume_role: {
		label: 'Assume the role (STS AssumeRole with your external ID)',
		iamAction: 'sts:AssumeRole'
	},
	identity: { label: 'AWS identity (STS GetCallerIdentity)', iamAction: 'sts:GetCallerIdentity' },
	list_models: { label: 'List foundation models', iamAction: 'bedrock:ListFoundationModels' },
	get_model: { label: 'Read one model’s details', iamAction: 'bedrock:GetFoundationModel' },
	invoke_model: { label: 'Invoke a cheap text model', iamAction: 'bedrock:InvokeModel' },
	invoke_stream: {
		label: 'Stream from a cheap text model',
		iamAction: 'bedrock:InvokeModelWithResponseStream'
	},
	api_key_expiry: { label: 'API key not expired and not about to' }
};

const PROMPT = 'Reply with the single word: ok';

function check(
	id: ConnectionCheckId,
	status: ConnectionCheck['status'],
	durationMs: number,
	message: string,
	extra: Partial<Pick<ConnectionCheck, 'awsError' | 'hint'>> = {}
): ConnectionCheck {
	const { label, iamAction } = LABELS[id];
	return { id, label, ...(iamAction ? { iamAction } : {}), status, durationMs, message, ...extra };
}

function failed(id: ConnectionCheckId, durationMs: number, err: unknown): ConnectionCheck {
	if (err instanceof AppError) {
		return check(id, 'fail', durationMs, err.message, {
			...(err.awsError ? { awsError: err.awsError } : {}),
			...(err.hint ? { hint: err.hint } : {})
		});
	}
	// Anything else is ours (a database timeout, a bug): its message can name hosts or values,
	// and this result is stored and shown. The log gets the error's name only.
	console.error(
		`[connection.test] check ${id} failed: ${err instanceof Error ? err.name : typeof err}`
	);
	return check(id, 'fail', durationMs, INTERNAL_CHECK_FAILURE);
}

const EXPIRED_KEY_HINT =
	'Generate a new Bedrock API key (short-term keys last at most 12 hours) and save it here.';

/** The API key's expiry: read from the key itself (short-term) or from AWS's refusal. */
function apiKeyExpiryCheck(
	expiresAt: string | null,
	earlier: readonly ConnectionCheck[],
	now: Date
): ConnectionCheck {
	const refusedAsExpired = earlier.find(
		(c) => c.status === 'fail' && /expired/i.test(c.message) && c.awsError
	);
	switch (apiKeyExpiryState(expiresAt, now.getTime())) {
		case 'expired':
			return check('api_key_expiry', 'fail', 0, `The API key expired at ${expiresAt}`, {
				hint: EXPIRED_KEY_HINT
			});
		case 'expiring': {
			const minutes = Math.max(1, Math.round((Date.parse(expiresAt!) - now.getTime()) / 60_000));
			return check(
				'api_key_expiry',
				'pass',
				0,
				`Warning: the API key expires at ${expiresAt}, in about ${minutes} min; generate a new one soon`
			);
		}
		case 'valid':
			return check('api_key_expiry', 'pass', 0, `The API key is valid until ${expiresAt}`);
		case 'none':
			if (refusedAsExpired)
				return check('api_key_expiry', 'fail', 0, 'AWS says the API key has expired', {
					...(refusedAsExpired.awsError ? { awsError: refusedAsExpired.awsError } : {}),
					hint: EXPIRED_KEY_HINT
				});
			return earlier.some((c) => c.status === 'pass' && c.id !== 'credentials')
				? check(
						'api_key_expiry',
						'pass',
						0,
						'A long-term API key does not carry its expiry; AWS accepted it just now'
					)
				: check(
						'api_key_expiry',
						'skip',
						0,
						'A long-term API key does not carry its expiry, and no Bedrock call succeeded to confirm it'
					);
	}
}

export const INTERNAL_CHECK_FAILURE =
	'This check could not run because of a problem on our side. Please try again in a moment.';

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
	const start = performance.now();
	try {
		const value = await fn();
		return { ms: Math.round(performance.now() - start), value };
	} catch (error) {
		return { ms: Math.round(performance.now() - start), error };
	}
}

function skipRest(ids: ConnectionCheckId[], reason: string): ConnectionCheck[] {
	return ids.map((id) => check(id, 'skip', 0, reason));
}

export async function runConnectionTest(deps: ConnectionTestDeps): Promise<ConnectionTestResult> {
	const testedAt = (deps.now?.() ?? new Date()).toISOString();
	const checks: ConnectionCheck[] = [];
	// api_key: the key's expiry is judged last, whatever happened before (set once loaded).
	let expiryCheck: (() => ConnectionCheck) | null = null;
	const result = (extra: Partial<ConnectionTestResult> = {}): ConnectionTestResult => {
		if (expiryCheck) {
			const at = checks.findIndex((c) => c.id === 'api_key_expiry');
			if (at >= 0) checks.splice(at, 1);
			checks.push(expiryCheck());
		}
		return finish(extra);
	};
	const finish = (extra: Partial<ConnectionTestResult>): ConnectionTestResult => ({
		ok: checks.every((c) => c.status !== 'fail') && checks.some((c) => c.status === 'pass'),
		status: connectionStatusOf(checks),
		region: null,
		accessKeyIdMasked: null,
		includeInvocation: deps.includeInvocation,
		checks,
		testedAt,
		...extra
	});
	// The checks run in the order the schema lists them; a failure skips the ones after it.
	// Until the credentials are loaded their kind is unknown: the access-key list is assumed.
	let ids = checkIdsFor('access_key');
	const after = (from: ConnectionCheckId) => ids.slice(ids.indexOf(from) + 1);

	// 1. Credentials present and decryptable.
	const loaded = await timed(deps.load);
	if (loaded.error || !loaded.value) {
		checks.push(
			loaded.error
				? failed('credentials', loaded.ms, loaded.error)
				: check('credentials', 'fail', loaded.ms, NO_CREDENTIALS_MESSAGE, {
						hint: NO_CREDENTIALS_HINT
					})
		);
		checks.push(...skipRest(after('credentials'), 'Skipped: no usable credentials'));
		return result();
	}
	const { clients, region, accessKeyIdMasked, label } = loaded.value;
	ids = checkIdsFor(clients.kind);
	if (clients.kind === 'api_key')
		expiryCheck = () =>
			apiKeyExpiryCheck(loaded.value!.apiKeyExpiresAt, checks, deps.now?.() ?? new Date());
	checks.push(check('credentials', 'pass', loaded.ms, `${label} in ${region}`));
	const base = { region, accessKeyIdMasked };

	// 1b. assume_role: the AssumeRole call itself (or the still-valid temporary keys from it).
	const assumed = clients.assumedCredentials;
	if (assumed) {
		const got = await timed(async () => {
			try {
				return await assumed();
			} catch (err) {
				throw clients.describe(err, { iamAction: 'sts:AssumeRole' });
			}
		});
		if (got.error) {
			checks.push(failed('assume_role', got.ms, got.error));
			checks.push(...skipRest(after('assume_role'), 'Skipped: the role could not be assumed'));
			return result(base);
		}
		const until = got.value?.expiration?.toISOString();
		checks.push(
			check(
				'assume_role',
				'pass',
				got.ms,
				`Temporary keys for the role${until ? `, valid until ${until}` : ''}`
			)
		);
	}

	// 2. Who is this key? (needs no IAM permission, so a failure means the key itself is wrong)
	let who: Partial<ConnectionTestResult> = base;
	const sts = clients.sts;
	if (!sts) {
		checks.push(
			check(
				'identity',
				'skip',
				0,
				'Not applicable: STS does not take Bedrock API keys, so the key is checked by the Bedrock calls below'
			)
		);
	} else {
		const identity = await timed(async () => {
			try {
				return await sts.send(new GetCallerIdentityCommand({}));
			} catch (err) {
				throw clients.describe(err, { iamAction: 'sts:GetCallerIdentity' });
			}
		});
		if (identity.error) {
			checks.push(failed('identity', identity.ms, identity.error));
			checks.push(...skipRest(after('identity'), 'Skipped: AWS did not accept these credentials'));
			return result(base);
		}
		const account = identity.value?.Account;
		const arn = identity.value?.Arn;
		checks.push(
			check(
				'identity',
				'pass',
				identity.ms,
				`Account ${account ?? 'unknown'}, ${arn ?? 'unknown ARN'}`
			)
		);
		who = { ...base, ...(account ? { account } : {}), ...(arn ? { arn } : {}) };
	}

	// 3. bedrock:ListFoundationModels in the region.
	const listed = await timed(() => listFoundationModels(clients, {}));
	if (listed.error) {
		checks.push(failed('list_models', listed.ms, listed.error));
		checks.push(...skipRest(after('list_models'), 'Skipped: the model list is needed first'));
		return result(who);
	}
	const summaries = listed.value ?? [];
	checks.push(
		check('list_models', 'pass', listed.ms, `${summaries.length} foundation models in ${region}`)
	);

	// 4. bedrock:GetFoundationModel on one listed model (a cheap text one when possible).
	const onDemandText = summaries.filter(
		(s) => s.outputModalities?.includes('TEXT') && s.inferenceTypesSupported?.includes('ON_DEMAND')
	);
	const cheap =
		CHEAP_TEXT_MODELS.map((id) => onDemandText.find((s) => s.modelId === id)).find(Boolean) ??
		onDemandText.find((s) => s.modelId && nativeFormatFor(s.modelId));
	const probeId = cheap?.modelId ?? summaries[0]?.modelId;
	if (!probeId) {
		checks.push(check('get_model', 'skip', 0, `No foundation models are listed in ${region}`));
		checks.push(...skipRest(after('get_model'), 'Skipped: no model to test with'));
		return result(who);
	}
	const got = await timed(() => getFoundationModel(clients, probeId));
	checks.push(
		got.error
			? failed('get_model', got.ms, got.error)
			: check('get_model', 'pass', got.ms, `Read ${probeId}`)
	);

	// 5-6. Invocations, only when asked.
	if (!deps.includeInvocation) {
		checks.push(
			...skipRest(
				after('get_model'),
				'Not run: invocation checks cost money; ask for them explicitly'
			)
		);
		return result(who);
	}
	const format = cheap?.modelId ? nativeFormatFor(cheap.modelId) : undefined;
	if (!cheap?.modelId || !format) {
		checks.push(
			...skipRest(after('get_model'), `No cheap on-demand text model is listed in ${region}`)
		);
		return result(who);
	}
	const modelId = cheap.modelId;
	const body = format.body(PROMPT, 5);
	try {
		await deps.beforeInvocations?.(modelId, body);
	} catch (err) {
		if (!(err instanceof AppError && err.code === 'PAYMENT_REQUIRED')) throw err;
		checks.push(...skipRest(after('get_model'), `Not run: ${err.message}`));
		return result(who);
	}
	const invokeTrace: CallTrace = {};
	const invoked = await timed(() =>
		invokeModel(clients, modelId, body, {}, undefined, invokeTrace)
	);
	deps.onInvocation?.({
		kind: 'invoke',
		modelId,
		requestBody: body,
		trace: invokeTrace,
		...invoked
	});
	checks.push(
		invoked.error
			? failed('invoke_model', invoked.ms, invoked.error)
			: check(
					'invoke_model',
					'pass',
					invoked.ms,
					`${modelId} answered "${format.text(invoked.value?.body).trim().slice(0, 40)}"`
				)
	);
	const streamTrace: CallTrace = {};
	const streamed = await timed(() =>
		invokeModelWithResponseStream(clients, modelId, body, AbortSignal.timeout(30_000), streamTrace)
	);
	deps.onInvocation?.({
		kind: 'stream',
		modelId,
		requestBody: body,
		trace: streamTrace,
		...streamed
	});
	checks.push(
		streamed.error
			? failed('invoke_stream', streamed.ms, streamed.error)
			: check(
					'invoke_stream',
					'pass',
					streamed.ms,
					`${modelId} streamed ${streamed.value?.chunks.length ?? 0} chunks`
				)
	);
	return result({ ...who, invocationModelId: modelId });
}
