/**
 * The user and identity JSON GoTrue returns (models.User / models.Identity JSON tags, in their
 * order). Empty optional timestamps are omitted, `email`/`phone` are "" when null, and the
 * password hash and token columns never leave the server.
 */
import type { IdentityRow, UserRow } from './users-repo';

export type UserJson = Record<string, unknown>;

const iso = (value: Date | null) => (value ? value.toISOString() : undefined);

export function toUserJson(user: UserRow, identities: IdentityRow[]): UserJson {
	const json: UserJson = {
		id: user.id,
		aud: user.aud ?? '',
		role: user.role ?? '',
		email: user.email ?? '',
		email_confirmed_at: iso(user.email_confirmed_at),
		phone: user.phone ?? '',
		phone_confirmed_at: iso(user.phone_confirmed_at),
		confirmation_sent_at: iso(user.confirmation_sent_at),
		confirmed_at: iso(user.confirmed_at),
		recovery_sent_at: iso(user.recovery_sent_at),
		new_email: user.email_change || undefined,
		email_change_sent_at: iso(user.email_change_sent_at),
		new_phone: user.phone_change || undefined,
		phone_change_sent_at: iso(user.phone_change_sent_at),
		last_sign_in_at: iso(user.last_sign_in_at),
		app_metadata: user.raw_app_meta_data ?? {},
		user_metadata: user.raw_user_meta_data ?? {},
		identities: identities.map(toIdentityJson),
		banned_until: iso(user.banned_until),
		created_at: iso(user.created_at),
		updated_at: iso(user.updated_at),
		deleted_at: iso(user.deleted_at),
		is_anonymous: user.is_anonymous
	};
	// JSON.stringify drops undefined, matching Go's `omitempty`.
	return json;
}

export function toIdentityJson(identity: IdentityRow): Record<string, unknown> {
	return {
		identity_id: identity.id,
		id: identity.provider_id,
		user_id: identity.user_id,
		identity_data: identity.identity_data ?? {},
		provider: identity.provider,
		last_sign_in_at: iso(identity.last_sign_in_at),
		created_at: iso(identity.created_at),
		updated_at: iso(identity.updated_at),
		email: identity.email ?? undefined
	};
}
