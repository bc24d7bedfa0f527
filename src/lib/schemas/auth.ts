import { z } from 'zod';

/** The sign-in form; used by the `/login` action and the page alike. */
export const loginSchema = z.object({
	email: z
		.string({ error: 'Enter your email address.' })
		.trim()
		.min(1, 'Enter your email address.')
		.pipe(z.email('Enter a valid email address, like name@example.com.')),
	password: z
		.string({ error: 'Enter your password.' })
		.min(1, 'Enter your password.')
		.max(72, 'Passwords are at most 72 characters.')
});

export type LoginInput = z.infer<typeof loginSchema>;
export type LoginField = keyof LoginInput;
