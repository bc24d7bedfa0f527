import { auditFiltersFromQuery, AUDIT_MAX_PAGE_SIZE } from '$lib/schemas/audit';
import { requireAdmin } from '$lib/server/auth/guards';
import { auditCsvHeader, auditCsvRow } from '$lib/server/audit/csv';
import { throwAsPageError } from '$lib/server/errors';
import { createServerCaller } from '$lib/server/trpc/root';
import type { RequestHandler } from './$types';

/** Enough for any audit a person reads in a spreadsheet; beyond it, narrow the dates. */
const MAX_ROWS = 10_000;

// Admins only: the authGuard handle refuses everyone else (not a page render), and so does this.
export const GET: RequestHandler = async (event) => {
	requireAdmin(event.locals);
	const api = await createServerCaller(event);
	const filters = auditFiltersFromQuery(event.url.searchParams);
	const lines = [auditCsvHeader()];
	let cursor: string | undefined;
	do {
		const page = await api.audit
			.list({ ...filters, cursor, limit: AUDIT_MAX_PAGE_SIZE })
			.catch(throwAsPageError);
		for (const entry of page.entries) lines.push(auditCsvRow(entry));
		cursor = page.nextCursor ?? undefined;
	} while (cursor && lines.length <= MAX_ROWS);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(`${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-log-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
