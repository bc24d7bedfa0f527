/**
 * What the API tests share: users, a typed client and a raw HTTP caller that RECORD every
 * response (bodies and headers) so each file can prove no secret ever came back, the
 * emulator's control client, and direct (owner) database access for checking stored state.
 *
 * Users come from tests/helpers/factories.ts (the real auth server's admin API, via supabase-js).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { expect } from 'vitest';
import { emulatorControl } from '../../../devstack/bedrock-emulator/control-client';
import { createBedrockAdminClient } from '../../../src/lib/trpc/client';
import { testEnv } from '../../helpers/test-env';
import { createTestUser, type TestUser } from '../../helpers/factories';
import { EXAMPLE_KEY_PAIR } from '../../../devstack/bedrock-emulator/keys';

export const EXAMPLE_KEY = EXAMPLE_KEY_PAIR;

export type ApiUser = Pick<TestUser, 'id' | 'email' | 'accessToken'>;

export async function newUser(options: { admin?: boolean } = {}): Promise<ApiUser> {
	return await createTestUser({
		admin: options.admin,
		label: options.admin ? 'api-admin' : 'api-user'
	});
}

// --- recording every response ----------------------------------------------------------

const recorded: string[] = [];

/** fetch that keeps a copy of each response's status line, headers and body. */
export const recordingFetch: typeof fetch = async (input, init) => {
	const response = await fetch(input, init);
	const headers = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
	if (response.headers.get('content-type')?.includes('text/event-stream') && response.body) {
		// Streams: tee so the caller reads one branch while we record the other.
		const [mine, theirs] = response.body.tee();
		void new Response(mine).text().then(
			(text) => recorded.push(`${headers}\n\n${text}`),
			() => {}
		);
		return new Response(theirs, { status: response.status, headers: response.headers });
	}
	const body = await response.text();
	recorded.push(`${response.status}\n${headers}\n\n${body}`);
	return new Response(body, { status: response.status, headers: response.headers });
};

export function recordedResponses(): readonly string[] {
	return recorded;
}

/** Secrets used by this file: checked against every recorded response and the app log. */
const secretsInPlay = new Set<string>([EXAMPLE_KEY.secretAccessKey]);
export function useSecret<T extends string>(secret: T): T {
	secretsInPlay.add(secret);
	return secret;
}

/** For `afterAll`: nothing recorded and nothing in the app's log contains a secret. */
export async function expectNoSecretsLeaked(): Promise<void> {
	await new Promise((r) => setTimeout(r, 200)); // let the app flush its log
	const log = readFileSync(testEnv().APP_LOG_PATH, 'utf8');
	expect(recorded.length).toBeGreaterThan(0);
	for (const secret of secretsInPlay) {
		const leaks = recorded.filter((r) => r.includes(secret));
		expect(leaks, `a response contained the secret ${secret.slice(0, 4)}…`).toEqual([]);
		expect(log.includes(secret), `the app log contains the secret ${secret.slice(0, 4)}…`).toBe(
			false
		);
	}
}

/** Every API test file's `afterAll`: no secret leaked, then the owner connection closes. */
export async function finishApiSuite(): Promise<void> {
	await expectNoSecretsLeaked();
	await closeDb();
}

// --- clients ---------------------------------------------------------------------------

export function api(user: ApiUser) {
	return createBedrockAdminClient({
		url: testEnv().APP_URL,
		accessToken: user.accessToken,
		fetch: recordingFetch
	});
}

export interface RawResult {
	status: number;
	body: {
		result?: { data: unknown };
		error?: {
			message: string;
			data: {
				code: string;
				httpStatus: number;
				zodError: {
					formErrors: string[];
					fieldErrors: Record<string, string[] | undefined>;
				} | null;
				awsError?: string;
				hint?: string;
			};
		};
	};
}

/** One procedure over plain HTTP (no batching), as any HTTP client would call it. */
export async function raw(
	kind: 'query' | 'mutation',
	path: string,
	input: unknown,
	accessToken?: string
): Promise<RawResult> {
	const base = `${testEnv().APP_URL}/api/trpc/${path}`;
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (accessToken) headers.authorization = `Bearer ${accessToken}`;
	const response =
		kind === 'query'
			? await recordingFetch(
					input === undefined ? base : `${base}?input=${encodeURIComponent(JSON.stringify(input))}`,
					{ headers }
				)
			: await recordingFetch(base, {
					method: 'POST',
					headers,
					body: input === undefined ? undefined : JSON.stringify(input)
				});
	return { status: response.status, body: (await response.json()) as RawResult['body'] };
}

// --- emulator and database ---------------------------------------------------------------

export function emulator() {
	return emulatorControl(testEnv().AWS_ENDPOINT_URL_BEDROCK);
}

/** A fresh emulator key pair (an "IAM user") for one test, optionally with limited rights. */
export async function newEmulatorKey(
	options: { temporary?: boolean; allowedActions?: string[]; modelAccess?: string[] } = {}
) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const suffix = Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
	const key = {
		accessKeyId: `${options.temporary ? 'ASIA' : 'AKIA'}${suffix}`,
		secretAccessKey: useSecret(randomBytes(30).toString('base64')),
		...(options.temporary
			? { sessionToken: useSecret(`IQoJ${randomBytes(96).toString('base64')}`) }
			: {}),
		accountId: '210987654321',
		userArn: `arn:aws:iam::210987654321:user/api-test-${suffix.slice(0, 6).toLowerCase()}`,
		...(options.allowedActions ? { allowedActions: options.allowedActions } : {}),
		...(options.modelAccess ? { modelAccess: options.modelAccess } : {})
	};
	await emulator().addKey(key);
	return key;
}

export interface KeyPair {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

/** Stores `key` as the user's credentials through the API, as the user would. */
export async function saveKey(user: ApiUser, key: KeyPair, region = 'us-east-1') {
	return await api(user).credentials.save.mutate({
		accessKeyId: key.accessKeyId,
		secretAccessKey: key.secretAccessKey,
		...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
		region
	});
}

/** A fresh user whose own fresh emulator key is saved (us-east-1): most suites start here. */
export async function userWithSavedKey(keyOptions: Parameters<typeof newEmulatorKey>[0] = {}) {
	const [user, key] = await Promise.all([newUser(), newEmulatorKey(keyOptions)]);
	await saveKey(user, key);
	return { user, key };
}

let ownerSql: postgres.Sql | undefined;
/** The database as its owner, to look at what the API stored (never to set up API state). */
export function db(): postgres.Sql {
	ownerSql ??= postgres(testEnv().DATABASE_URL, { max: 2, prepare: false, onnotice: () => {} });
	return ownerSql;
}

export async function closeDb(): Promise<void> {
	await ownerSql?.end({ timeout: 5 });
	ownerSql = undefined;
}

export async function storedRow(userId: string) {
	const rows = await db()`select * from public.bedrock_credentials where user_id = ${userId}`;
	return rows[0] ?? null;
}

export interface StreamResult {
	status: number;
	events: { event: string; data: unknown }[];
	error?: NonNullable<RawResult['body']['error']>;
}

/** A subscription over plain SSE until it ends or errors (tRPC's event names). */
export async function rawStream(
	path: string,
	input: unknown,
	accessToken?: string
): Promise<StreamResult> {
	const headers: Record<string, string> = { accept: 'text/event-stream' };
	if (accessToken) headers.authorization = `Bearer ${accessToken}`;
	const url = `${testEnv().APP_URL}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
	const controller = new AbortController();
	const response = await recordingFetch(url, { headers, signal: controller.signal });
	const events: StreamResult['events'] = [];
	let error: StreamResult['error'];
	const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		buffer += value;
		let cut;
		while ((cut = buffer.indexOf('\n\n')) !== -1) {
			const block = buffer.slice(0, cut);
			buffer = buffer.slice(cut + 2);
			const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
			const dataLine = /^data: (.*)$/m.exec(block)?.[1];
			const data = dataLine ? JSON.parse(dataLine) : undefined;
			events.push({ event, data });
			if (event === 'serialized-error') error = data;
		}
		if (error || events.some((e) => e.event === 'return')) break;
	}
	controller.abort();
	return { status: response.status, events, ...(error ? { error } : {}) };
}
