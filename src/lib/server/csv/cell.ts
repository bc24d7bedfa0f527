/**
 * One CSV cell, safe to open in a spreadsheet: every cell is quoted (a comma, quote or newline
 * in a value can never break the columns), and a cell a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) is prefixed with `'` (CSV injection). Empty for null.
 */
export function csvCell(value: string | number | boolean | undefined | null): string {
	let text = value === undefined || value === null ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replaceAll('"', '""')}"`;
}

/** Lines joined the way RFC 4180 and spreadsheets expect (CRLF, one at the end). */
export function csvDocument(lines: readonly string[]): string {
	return `${lines.join('\r\n')}\r\n`;
}
