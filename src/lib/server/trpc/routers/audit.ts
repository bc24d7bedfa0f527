import { auditListInput, auditListOutput } from '$lib/schemas/audit';
import { listAuditEntries } from '$lib/server/audit/list';
import { adminProcedure, router } from '../init';

export const auditRouter = router({
	list: adminProcedure
		.input(auditListInput)
		.output(auditListOutput)
		.query(({ ctx, input }) => listAuditEntries(ctx.db, input))
});
