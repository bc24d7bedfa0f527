/**
 * The shape of a verified Supabase access token, and what the app derives from it.
 *
 * Why a schema after signature verification: a valid signature only says the auth
 * server issued the token; the schema makes sure the fields the app and the RLS
 * policies rely on (`sub`, `role`, `app_metadata`) really have the expected types.
 * Unknown claims are kept so they reach `request.jwt.claims` unchanged, as PostgREST does.
 */
import { z } from 'zod';

const jsonObject = z.record(z.string(), z.unknown());

export const accessTokenClaimsSchema = z.looseObject({
	sub: z.guid(),
	role: z.string(),
	aud: z.union([z.string(), z.array(z.string())]),
	iss: z.string(),
	exp: z.number(),
	iat: z.number().optional(),
	email: z.string().optional(),
	phone: z.string().optional(),
	session_id: z.string().optional(),
	is_anonymous: z.boolean().optional(),
	app_metadata: jsonObject.default({}),
	user_metadata: jsonObject.default({})
});

export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** Who is calling, as far as the app is concerned. Derived only from verified claims. */
export type AuthUser = {
	id: string;
	email: string;
	isAdmin: boolean;
};

/**
 * Admin rights come only from `app_metadata`, which users cannot edit (GoTrue refuses
 * `app_metadata` on PUT /user). `user_metadata` is user-editable and is never consulted.
 */
export function isAdminClaims(claims: AccessTokenClaims): boolean {
	return claims.app_metadata.role === 'admin';
}

export function userFromClaims(claims: AccessTokenClaims): AuthUser {
	return { id: claims.sub, email: claims.email ?? '', isAdmin: isAdminClaims(claims) };
}
