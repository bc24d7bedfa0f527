/**
 * Unauthenticated information endpoints: GET /health, GET /settings and the JWKS that lets
 * auth-js `getClaims()` (and the app server) verify access tokens locally.
 */
import type { Handler } from '../context';

export const health: Handler = async () => ({
	status: 200,
	body: {
		version: 'bedrock-admin-local',
		name: 'GoTrue',
		description: 'GoTrue is a user registration and authentication API'
	}
});

/** The CLI's defaults: email on, autoconfirm on, no other providers. */
export const settings: Handler = async () => ({
	status: 200,
	body: {
		external: {
			anonymous_users: false,
			apple: false,
			azure: false,
			bitbucket: false,
			discord: false,
			facebook: false,
			figma: false,
			fly: false,
			github: false,
			gitlab: false,
			google: false,
			keycloak: false,
			kakao: false,
			linkedin_oidc: false,
			notion: false,
			spotify: false,
			slack_oidc: false,
			twitch: false,
			twitter: false,
			workos: false,
			zoom: false,
			email: true,
			phone: false
		},
		disable_signup: false,
		mailer_autoconfirm: true,
		phone_autoconfirm: false,
		sms_provider: '',
		saml_enabled: false,
		saml_private_key_next_configured: false,
		passkeys_enabled: false
	}
});

/** Public key only; cached like GoTrue's `Cache-Control: public, max-age=600`. */
export const jwks: Handler = async (context) => ({
	status: 200,
	headers: { 'Cache-Control': 'public, max-age=600' },
	body: { keys: [context.keys.publicJwk] }
});
