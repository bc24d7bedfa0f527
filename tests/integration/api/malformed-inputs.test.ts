/**
 * Bad input gets BAD_REQUEST naming the field (data.zodError.fieldErrors.<field>), never a
 * 500, and leaves the stored credentials exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	api,
	EXAMPLE_KEY,
	finishApiSuite,
	newUser,
	raw,
	rawStream,
	recordingFetch,
	storedRow,
	type ApiUser
} from './harness';

let user: ApiUser;
let admin: ApiUser;

beforeAll(async () => {
	[user, admin] = await Promise.all([newUser(), newUser({ admin: true })]);
	await api(user).credentials.save.mutate({ ...EXAMPLE_KEY, region: 'eu-west-1' });
});
afterAll(finishApiSuite);

const save = (patch: Record<string, unknown>) => ({
	...EXAMPLE_KEY,
	region: 'us-east-1',
	...patch
});
const converse = (patch: Record<string, unknown>) => ({
	modelId: 'amazon.titan-text-lite-v1',
	messages: [{ role: 'user', content: 'Hi' }],
	...patch
});
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN0123456789abcdef';

type Case = [
	label: string,
	path: string,
	kind: 'query' | 'mutation' | 'subscription',
	input: unknown,
	field: string,
	admin?: boolean
];

const CASES: Case[] = [
	[
		'key id too short',
		'credentials.save',
		'mutation',
		save({ accessKeyId: 'AKIA1234' }),
		'accessKeyId'
	],
	[
		'key id lower case',
		'credentials.save',
		'mutation',
		save({ accessKeyId: 'akiaiosfodnn7example' }),
		'accessKeyId'
	],
	[
		'key id with a wrong prefix',
		'credentials.save',
		'mutation',
		save({ accessKeyId: 'AIDAIOSFODNN7EXAMPLE' }),
		'accessKeyId'
	],
	[
		'key id as a number',
		'credentials.save',
		'mutation',
		save({ accessKeyId: 12345 }),
		'accessKeyId'
	],
	[
		'key id missing',
		'credentials.save',
		'mutation',
		{ secretAccessKey: EXAMPLE_KEY.secretAccessKey, region: 'us-east-1' },
		'accessKeyId'
	],
	[
		'secret 39 characters',
		'credentials.save',
		'mutation',
		save({ secretAccessKey: EXAMPLE_KEY.secretAccessKey.slice(1) }),
		'secretAccessKey'
	],
	[
		'secret 41 characters',
		'credentials.save',
		'mutation',
		save({ secretAccessKey: `${EXAMPLE_KEY.secretAccessKey}A` }),
		'secretAccessKey'
	],
	[
		'secret outside the base64 alphabet',
		'credentials.save',
		'mutation',
		save({ secretAccessKey: `${EXAMPLE_KEY.secretAccessKey.slice(1)}!` }),
		'secretAccessKey'
	],
	[
		'secret missing',
		'credentials.save',
		'mutation',
		{ accessKeyId: EXAMPLE_KEY.accessKeyId, region: 'us-east-1' },
		'secretAccessKey'
	],
	['region unknown', 'credentials.save', 'mutation', save({ region: 'moon-east-1' }), 'region'],
	[
		'region without Bedrock',
		'credentials.save',
		'mutation',
		save({ region: 'af-south-1' }),
		'region'
	],
	['region empty', 'credentials.save', 'mutation', save({ region: '' }), 'region'],
	['region missing', 'credentials.save', 'mutation', { ...EXAMPLE_KEY }, 'region'],
	[
		'session token on an AKIA key',
		'credentials.save',
		'mutation',
		save({ sessionToken: TOKEN }),
		'sessionToken'
	],
	[
		'ASIA key without session token',
		'credentials.save',
		'mutation',
		save({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }),
		'sessionToken'
	],
	[
		'session token too short',
		'credentials.save',
		'mutation',
		save({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'abc' }),
		'sessionToken'
	],
	[
		'session token with spaces',
		'credentials.save',
		'mutation',
		save({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'abcd efgh ijkl mnop' }),
		'sessionToken'
	],
	[
		'saveForUser with a non-UUID userId',
		'credentials.saveForUser',
		'mutation',
		save({ userId: 'me' }),
		'userId',
		true
	],
	['deleteForUser without userId', 'credentials.deleteForUser', 'mutation', {}, 'userId', true],
	[
		'connection.test with a string flag',
		'connection.test',
		'mutation',
		{ includeInvocation: 'yes' },
		'includeInvocation'
	],
	[
		'models.list with an unknown modality',
		'models.list',
		'query',
		{ outputModality: 'SMELL' },
		'outputModality'
	],
	[
		'models.list with a bad provider',
		'models.list',
		'query',
		{ provider: 'Anthropic; drop table' },
		'provider'
	],
	[
		'models.list with streaming as text',
		'models.list',
		'query',
		{ streaming: 'true' },
		'streaming'
	],
	[
		'models.list with an unknown lifecycle',
		'models.list',
		'query',
		{ lifecycle: 'RETIRED' },
		'lifecycle'
	],
	['models.list with a huge search', 'models.list', 'query', { search: 'x'.repeat(500) }, 'search'],
	['models.get with an empty model id', 'models.get', 'query', { modelId: '' }, 'modelId'],
	[
		'models.get with spaces in the id',
		'models.get',
		'query',
		{ modelId: 'anthropic claude' },
		'modelId'
	],
	[
		'converse without messages',
		'invoke.converse',
		'mutation',
		converse({ messages: [] }),
		'messages'
	],
	[
		'converse starting with the assistant',
		'invoke.converse',
		'mutation',
		converse({ messages: [{ role: 'assistant', content: 'x' }] }),
		'messages'
	],
	[
		'converse with a system role',
		'invoke.converse',
		'mutation',
		converse({ messages: [{ role: 'system', content: 'x' }] }),
		'messages'
	],
	[
		'converse with temperature 2',
		'invoke.converse',
		'mutation',
		converse({ inferenceConfig: { temperature: 2 } }),
		'inferenceConfig'
	],
	[
		'converse with maxTokens 0',
		'invoke.converse',
		'mutation',
		converse({ inferenceConfig: { maxTokens: 0 } }),
		'inferenceConfig'
	],
	[
		'converse with a bad model id',
		'invoke.converse',
		'mutation',
		converse({ modelId: '../../etc/passwd' }),
		'modelId'
	],
	[
		'converseStream with five stop sequences',
		'invoke.converseStream',
		'subscription',
		converse({ inferenceConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } }),
		'inferenceConfig'
	],
	[
		'invokeModel with a string body',
		'invoke.invokeModel',
		'mutation',
		{ modelId: 'amazon.titan-text-lite-v1', body: 'hello' },
		'body'
	],
	['invokeModel without a model id', 'invoke.invokeModel', 'mutation', { body: {} }, 'modelId']
];

describe('malformed inputs', () => {
	it('has at least 25 cases', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(25);
	});

	it.each(CASES)(
		'%s → BAD_REQUEST naming %4$s… (%2$s)',
		async (_label, path, kind, input, field, asAdmin) => {
			const caller = asAdmin ? admin : user;
			const before = await storedRow(user.id);
			const error =
				kind === 'subscription'
					? (await rawStream(path, input, caller.accessToken)).error
					: (await raw(kind, path, input, caller.accessToken)).body.error;
			expect(error?.data.code).toBe('BAD_REQUEST');
			expect(error?.data.httpStatus).toBe(400);
			expect(
				error?.data.zodError?.fieldErrors[field]?.length,
				`fieldErrors.${field}`
			).toBeGreaterThan(0);
			expect(error?.message).toMatch(/^Invalid input: /);
			expect(await storedRow(user.id)).toEqual(before);
		}
	);

	it('answers a non-JSON body with BAD_REQUEST, not a 500', async () => {
		const response = await fetch(`${process.env.APP_URL}/api/trpc/credentials.save`, {
			method: 'POST',
			headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
			body: '{"accessKeyId":'
		});
		expect(response.status).toBe(400);
	});
});

describe('a refused secret is never echoed back', () => {
	// Distinctive values nobody else uses: finding any 10-character piece of one in an answer
	// means the answer quoted it (V8's JSON.parse messages quote a snippet of their input).
	const SECRET = 'Zq7RfE2xV9mTk4LpW8sYbN3cHd6JgU1aQo5iXeMr';
	const TEMP_TOKEN = 'IQoJQmV0dGVyTm90RWNob1RoaXNUb2tlbkJhY2s0Mg';
	const TEMP_KEY_ID = 'ASIAIOSFODNN7EXAMPLE';

	function expectNoPieceOf(value: string, answer: string) {
		for (let i = 0; i + 10 <= value.length; i++) {
			const piece = value.slice(i, i + 10);
			expect(answer.includes(piece), `the answer quotes "${piece}"`).toBe(false);
		}
	}

	async function post(path: string, body: string, caller: ApiUser = user) {
		const response = await recordingFetch(`${process.env.APP_URL}/api/trpc/${path}`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${caller.accessToken}`,
				'content-type': 'application/json'
			},
			body
		});
		return { status: response.status, text: await response.text() };
	}

	const json = (input: unknown) => JSON.stringify(input);
	const CASES: [label: string, path: string, body: string, value: string][] = [
		[
			'a secret one character short',
			'credentials.save',
			json(save({ secretAccessKey: SECRET.slice(1) })),
			SECRET.slice(1)
		],
		[
			'a secret one character long',
			'credentials.save',
			json(save({ secretAccessKey: `${SECRET}Q` })),
			SECRET
		],
		[
			'a secret with a character outside base64',
			'credentials.save',
			json(save({ secretAccessKey: `${SECRET.slice(1)}!` })),
			SECRET.slice(1)
		],
		[
			'a session token with a space',
			'credentials.save',
			json(save({ accessKeyId: TEMP_KEY_ID, sessionToken: `${TEMP_TOKEN} x` })),
			TEMP_TOKEN
		],
		[
			'a secret in a body that is not JSON (unquoted)',
			'credentials.save',
			`{"accessKeyId":"${EXAMPLE_KEY.accessKeyId}","secretAccessKey":${SECRET},"region":"us-east-1"}`,
			SECRET
		],
		[
			'a secret in a body that is not JSON (bad escape)',
			'credentials.save',
			`{"secretAccessKey":"${SECRET}\\q","region":"us-east-1"}`,
			SECRET
		],
		[
			'a token in a body that is not JSON',
			'credentials.save',
			`{"accessKeyId":"${TEMP_KEY_ID}","sessionToken":${TEMP_TOKEN}}`,
			TEMP_TOKEN
		],
		[
			'a secret for another user, one character short',
			'credentials.saveForUser',
			json(
				save({ userId: '00000000-0000-4000-8000-000000000000', secretAccessKey: SECRET.slice(1) })
			),
			SECRET.slice(1)
		]
	];

	it.each(CASES)('%s (%s): BAD_REQUEST without the value', async (_label, path, body, value) => {
		const caller = path === 'credentials.saveForUser' ? admin : user;
		const before = await storedRow(user.id);
		const { status, text } = await post(path, body, caller);
		expect(status).toBe(400);
		expect(JSON.parse(text)).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } });
		expectNoPieceOf(value, text);
		expect(await storedRow(user.id)).toEqual(before);
	});
});
