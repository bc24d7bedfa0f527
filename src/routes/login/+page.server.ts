import { fail, redirect } from '@sveltejs/kit';
import { isAuthApiError, isAuthRetryableFetchError, type AuthError } from '@supabase/supabase-js';
import { z } from 'zod';
import { loginSchema, type LoginField } from '$lib/schemas/auth';
import { verifyAppAccessToken } from '$lib/server/auth/app-verifier';
import { isAdminClaims } from '$lib/server/auth/claims';
import { homeFor } from '$lib/server/auth/guards';
import { safeRedirectPath } from '$lib/server/auth/safe-redirect';
import {
	recordFailedSignIn,
	signInBlock,
	signInBlockMessage
} from '$lib/server/auth/sign-in-limits';
import type { Actions, PageServerLoad } from './$types';

/** What the page gets back when sign-in fails (never the password). */
type LoginFailure = {
	email: string;
	fieldErrors: Partial<Record<LoginField, string[]>>;
	message: string | null;
};

const loginFailed = (status: number, failure: LoginFailure) => fail(status, failure);

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user)
		redirect(303, safeRedirectPath(url.searchParams.get('redirectTo'), homeFor(locals.isAdmin)));
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, url, getClientAddress, setHeaders }) => {
		const form = await request.formData().catch(() => null);
		if (!form)
			return loginFailed(400, {
				email: '',
				fieldErrors: {},
				message: 'The form could not be read. Please try again.'
			});

		const submittedEmail = form.get('email');
		const email = typeof submittedEmail === 'string' ? submittedEmail : '';
		const parsed = loginSchema.safeParse({
			email: form.get('email') ?? undefined,
			password: form.get('password') ?? undefined
		});
		if (!parsed.success) {
			return loginFailed(400, {
				email,
				fieldErrors: z.flattenError(parsed.error).fieldErrors,
				message: null
			});
		}

		const clientAddress = getClientAddress();
		let block: Awaited<ReturnType<typeof signInBlock>>;
		try {
			block = await signInBlock(clientAddress, parsed.data.email);
		} catch {
			return loginFailed(503, { email, fieldErrors: {}, message: SERVICE_DOWN });
		}
		if (block) {
			setHeaders({ 'retry-after': String(block.retryAfterSeconds) });
			return loginFailed(429, { email, fieldErrors: {}, message: signInBlockMessage(block) });
		}

		let result: Awaited<ReturnType<typeof locals.supabase.auth.signInWithPassword>>;
		try {
			result = await locals.supabase.auth.signInWithPassword(parsed.data);
		} catch {
			return loginFailed(503, { email, fieldErrors: {}, message: SERVICE_DOWN });
		}
		const { data, error } = result;
		if (error || !data.session) {
			const { status, message } = describeSignInError(error);
			// Only a wrong email or password counts against the budgets (not an outage).
			if (isAuthApiError(error) && error.code === 'invalid_credentials')
				await recordFailedSignIn(clientAddress, parsed.data.email).catch((err: unknown) =>
					console.error(
						`[sign-in] a failed attempt was not counted: ${err instanceof Error ? err.name : typeof err}`
					)
				);
			return loginFailed(status, { email, fieldErrors: {}, message });
		}

		const verified = await verifyAppAccessToken(data.session.access_token);
		const isAdmin = verified.ok && isAdminClaims(verified.claims);
		redirect(303, safeRedirectPath(url.searchParams.get('redirectTo'), homeFor(isAdmin)));
	}
};

const SERVICE_DOWN =
	'The sign-in service is not reachable right now. Please try again in a moment.';

function describeSignInError(error: AuthError | null): { status: number; message: string } {
	if (!error) return { status: 503, message: SERVICE_DOWN };
	if (isAuthRetryableFetchError(error) || (error.status ?? 0) >= 500)
		return { status: 503, message: SERVICE_DOWN };
	if (isAuthApiError(error)) {
		switch (error.code) {
			case 'invalid_credentials':
				return { status: 400, message: 'Wrong email or password.' };
			case 'email_not_confirmed':
				return {
					status: 400,
					message: 'Confirm your email address first: follow the link we sent you.'
				};
			case 'user_banned':
				return { status: 403, message: 'This account is disabled. Contact your administrator.' };
			case 'over_request_rate_limit':
				return { status: 429, message: 'Too many attempts. Please wait a minute and try again.' };
		}
	}
	return { status: 400, message: 'Sign-in failed. Check your email and password and try again.' };
}
