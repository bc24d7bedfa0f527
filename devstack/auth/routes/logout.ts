/**
 * POST /logout?scope=global|local|others (GoTrue logout.go): deletes sessions, and with them
 * their refresh tokens; answers 204. Access tokens stay cryptographically valid until `exp`, but
 * `/user` refuses them at once because their `session_id` row is gone (`session_not_found`).
 */
import type { Handler } from '../context';
import { badRequest } from '../errors';
import { requireUser } from '../request-auth';
import { deleteSessions, type LogoutScope } from '../sessions-repo';

const SCOPES: readonly LogoutScope[] = ['global', 'local', 'others'];

export const logout: Handler = async (context, request) => {
	const { user, session } = await requireUser(context, request);
	const requested = request.query.get('scope') ?? 'global';
	const scope = SCOPES.find((candidate) => candidate === requested);
	if (!scope) throw badRequest('validation_failed', `Unsupported logout scope "${requested}"`);
	await deleteSessions(context.sql, user.id, scope, session?.id);
	context.log(`logout (${scope}) ${user.id}`);
	return { status: 204 };
};
