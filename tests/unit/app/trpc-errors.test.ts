import { describe, expect, it } from 'vitest';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
	AppError,
	GENERIC_INTERNAL_MESSAGE,
	registerErrorMapper,
	toTRPCError
} from '$lib/server/errors';
import { createInnerContext, type InnerContextInput } from '$lib/server/trpc/context';
import {
	adminProcedure,
	createCallerFactory,
	protectedProcedure,
	publicProcedure,
	router
} from '$lib/server/trpc/init';

class FakeThrottlingException extends Error {
	override name = 'ThrottlingException';
}
registerErrorMapper((err) =>
	err instanceof FakeThrottlingException
		? new TRPCError({
				code: 'TOO_MANY_REQUESTS',
				message: 'AWS is throttling requests.',
				cause: new AppError('TOO_MANY_REQUESTS', 'AWS is throttling requests.', {
					awsError: err.name,
					hint: 'Wait and retry.'
				})
			})
		: undefined
);

const postgresError = (code: string) =>
	Object.assign(
		new Error('new row violates row-level security policy for table "x" DETAIL secret-ish'),
		{ name: 'PostgresError', code }
	);

const testRouter = router({
	echo: publicProcedure
		.input(
			z.object({
				region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, 'Use a region code like us-east-1.'),
				count: z.number().int().min(1)
			})
		)
		.query(({ input }) => input),
	awsDenied: publicProcedure.query(() => {
		throw new AppError('FORBIDDEN', 'Your AWS key may not call bedrock:ListFoundationModels.', {
			awsError: 'AccessDeniedException',
			hint: 'Add bedrock:ListFoundationModels to the IAM policy.'
		});
	}),
	throttled: publicProcedure.query(() => {
		throw new FakeThrottlingException('Rate exceeded');
	}),
	crash: publicProcedure.query(() => {
		throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
	}),
	rlsDenied: publicProcedure.query(() => {
		throw postgresError('42501');
	}),
	whoami: protectedProcedure.query(({ ctx }) => ctx.user.email),
	adminOnly: adminProcedure.query(() => 'secret admin data')
});

const anonymous: InnerContextInput = { user: null, claims: null, isAdmin: false };

async function callOverHttp(path: string, input?: unknown, ctx: InnerContextInput = anonymous) {
	const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
	const response = await fetchRequestHandler({
		endpoint: '/api/trpc',
		req: new Request(`http://app.test/api/trpc/${path}${query}`),
		router: testRouter,
		createContext: () => createInnerContext(ctx)
	});
	return {
		status: response.status,
		body: (await response.json()) as { error: { message: string; data: Record<string, unknown> } }
	};
}

describe('tRPC error formatter', () => {
	it('puts zod field errors in data.zodError.fieldErrors for bad input', async () => {
		const { status, body } = await callOverHttp('echo', { region: 'mars', count: 0 });
		expect(status).toBe(400);
		expect(body.error.data).toMatchObject({
			code: 'BAD_REQUEST',
			zodError: {
				formErrors: [],
				fieldErrors: {
					region: ['Use a region code like us-east-1.'],
					count: [expect.stringContaining('>=1')]
				}
			}
		});
		expect(body.error.message).toContain('region: Use a region code like us-east-1.');
	});

	it('passes the AWS error name and hint of an AppError', async () => {
		const { status, body } = await callOverHttp('awsDenied');
		expect(status).toBe(403);
		expect(body.error.message).toBe('Your AWS key may not call bedrock:ListFoundationModels.');
		expect(body.error.data).toMatchObject({
			code: 'FORBIDDEN',
			awsError: 'AccessDeniedException',
			hint: 'Add bedrock:ListFoundationModels to the IAM policy.'
		});
	});

	it('maps errors through registered domain mappers', async () => {
		const { status, body } = await callOverHttp('throttled');
		expect(status).toBe(429);
		expect(body.error.data).toMatchObject({
			code: 'TOO_MANY_REQUESTS',
			awsError: 'ThrottlingException',
			hint: 'Wait and retry.'
		});
	});

	it('hides the message and stack of unexpected errors', async () => {
		const { status, body } = await callOverHttp('crash');
		expect(status).toBe(500);
		expect(body.error.message).toBe(GENERIC_INTERNAL_MESSAGE);
		expect(JSON.stringify(body)).not.toContain('hunter2');
		expect(body.error.data.stack).toBeUndefined();
	});

	it('turns a Postgres privilege error into FORBIDDEN without the driver message', async () => {
		const { status, body } = await callOverHttp('rlsDenied');
		expect(status).toBe(403);
		expect(body.error.data.code).toBe('FORBIDDEN');
		expect(body.error.message).not.toContain('DETAIL');
	});

	it('answers UNAUTHORIZED on a protected procedure without a user', async () => {
		const { status, body } = await callOverHttp('whoami');
		expect(status).toBe(401);
		expect(body.error.data.code).toBe('UNAUTHORIZED');
	});
});

describe('procedure types through createCaller', () => {
	const createCaller = createCallerFactory(testRouter);
	const user = {
		id: '6f1c2d3e-0000-4000-8000-000000000001',
		email: 'u@bedrock.test',
		isAdmin: false
	};
	const claims = {
		sub: user.id,
		role: 'authenticated',
		aud: 'authenticated',
		iss: 'x',
		exp: 0,
		app_metadata: {},
		user_metadata: {}
	};

	it('gives protected procedures a non-null user', async () => {
		const caller = createCaller(createInnerContext({ user, claims, isAdmin: false }));
		await expect(caller.whoami()).resolves.toBe('u@bedrock.test');
	});

	it('refuses admin procedures to non-admins with FORBIDDEN', async () => {
		const caller = createCaller(createInnerContext({ user, claims, isAdmin: false }));
		await expect(caller.adminOnly()).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('refuses admin procedures to anonymous callers with UNAUTHORIZED', async () => {
		const caller = createCaller(createInnerContext(anonymous));
		await expect(caller.adminOnly()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
	});

	it('lets admins call admin procedures', async () => {
		const caller = createCaller(
			createInnerContext({ user: { ...user, isAdmin: true }, claims, isAdmin: true })
		);
		await expect(caller.adminOnly()).resolves.toBe('secret admin data');
	});

	it('refuses database access without claims', () => {
		const ctx = createInnerContext(anonymous);
		expect(() => ctx.db(async () => 1)).toThrow(TRPCError);
	});
});

describe('toTRPCError', () => {
	it('keeps TRPCErrors and maps zod errors to BAD_REQUEST', () => {
		const original = new TRPCError({ code: 'NOT_FOUND', message: 'No such model.' });
		expect(toTRPCError(original)).toBe(original);
		const zodFailure = z.object({ modelId: z.string() }).safeParse({});
		expect(zodFailure.success).toBe(false);
		if (!zodFailure.success) expect(toTRPCError(zodFailure.error).code).toBe('BAD_REQUEST');
	});

	it.each([
		['23505', 'CONFLICT'],
		['23503', 'NOT_FOUND'],
		['22P02', 'BAD_REQUEST'],
		['XX000', 'INTERNAL_SERVER_ERROR']
	])('maps SQLSTATE %s to %s', (sqlState, code) => {
		expect(toTRPCError(postgresError(sqlState)).code).toBe(code);
	});
});
