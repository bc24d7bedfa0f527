/**
 * Procedure types for control-plane calls made with the caller's own credentials (profiles.*,
 * provisioned.*): saved credentials required (`ctx.access`, else PRECONDITION_FAILED) and one
 * of the user's in-flight AWS slots held for the call, as for models.*. The admin variant checks
 * the role before anything is read or decrypted.
 */
import { noCredentialsError } from '../access/no-credentials';
import { bedrockAccessFor } from '../access/resolve';
import { holdingInflightSlot } from '../limits/procedures';
import { adminProcedure, bedrockProcedure } from './init';

/** Signed in, with saved credentials, within the in-flight limit. */
export const ownAwsProcedure = bedrockProcedure.use(({ ctx, type, next }) =>
	holdingInflightSlot(ctx.user.id, ctx.signal, type, next)
);

/** Admins, with their own saved credentials, within the in-flight limit. */
export const adminAwsProcedure = adminProcedure
	.use(async ({ ctx, next }) => {
		const access = await bedrockAccessFor(ctx.db, ctx.user.id);
		if (!access) throw noCredentialsError();
		return next({ ctx: { ...ctx, access } });
	})
	.use(({ ctx, type, next }) => holdingInflightSlot(ctx.user.id, ctx.signal, type, next));
