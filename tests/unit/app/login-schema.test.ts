import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loginSchema } from '$lib/schemas/auth';

describe('loginSchema', () => {
	it('accepts an email and password, trimming the email', () => {
		expect(
			loginSchema.parse({ email: '  admin@bedrock.local ', password: 'bedrock-admin' })
		).toEqual({
			email: 'admin@bedrock.local',
			password: 'bedrock-admin'
		});
	});

	it('explains each missing or invalid field', () => {
		const result = loginSchema.safeParse({ email: 'not-an-email', password: '' });
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(z.flattenError(result.error).fieldErrors).toEqual({
				email: ['Enter a valid email address, like name@example.com.'],
				password: ['Enter your password.']
			});
		}
	});

	it('refuses non-text form values (file uploads) with a field message', () => {
		const result = loginSchema.safeParse({ email: new File(['x'], 'x.txt'), password: undefined });
		expect(result.success).toBe(false);
		if (!result.success)
			expect(Object.keys(z.flattenError(result.error).fieldErrors).sort()).toEqual([
				'email',
				'password'
			]);
	});
});
