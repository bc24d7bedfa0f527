import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/lib/server/csv/cell';
import { USAGE_CSV_COLUMNS, usageCsvRow } from '../../src/lib/server/usage/export';
import type { UsageSelectRow } from '../../src/lib/server/db/usage';

const row = (patch: Partial<UsageSelectRow> = {}): UsageSelectRow => ({
	id: '7',
	user_id: '5b0c3c52-0000-4000-8000-000000000001',
	model_id: 'anthropic.claude-3-haiku-20240307-v1:0',
	base_model_id: 'anthropic.claude-3-haiku-20240307-v1:0',
	inference_profile_id: null,
	region: 'us-east-1',
	operation: 'converse',
	status: 'ok',
	aws_error: null,
	input_tokens: 12,
	output_tokens: 30,
	cache_read_tokens: 0,
	cache_write_tokens: 0,
	aws_latency_ms: 80,
	duration_ms: 95,
	first_token_ms: null,
	cost_usd: '0.00004050',
	price_version: 'genai-prices@0.1.8',
	aws_request_id: 'req-1',
	created_at: new Date('2026-11-02T10:00:00Z'),
	created_us: '0',
	...patch
});

describe('CSV cells', () => {
	it.each([
		['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
		['+1+1', `"'+1+1"`],
		['-2', `"'-2"`],
		['@SUM(A1)', `"'@SUM(A1)"`],
		['\tx', `"'\tx"`],
		['a,b\r\nc', '"a,b\r\nc"'],
		['say "hi"', '"say ""hi"""']
	])('quotes %j so no spreadsheet runs or splits it', (value, cell) => {
		expect(csvCell(value)).toBe(cell);
	});

	it('writes null as an empty cell, never 0', () => {
		expect(csvCell(null)).toBe('""');
		expect(csvCell(undefined)).toBe('""');
	});
});

describe('usage CSV rows', () => {
	it('has one cell per column, in order', () => {
		const cells = usageCsvRow(row()).split('","');
		expect(cells).toHaveLength(USAGE_CSV_COLUMNS.length);
		expect(usageCsvRow(row())).toMatch(/^"2026-11-02T10:00:00.000Z","5b0c3c52-/);
	});

	it('leaves an unknown cost and unknown tokens empty', () => {
		const cells = usageCsvRow(
			row({ cost_usd: null, input_tokens: null, output_tokens: null, status: 'aborted' })
		)
			.slice(1, -1)
			.split('","');
		expect(cells[USAGE_CSV_COLUMNS.indexOf('cost_usd')]).toBe('');
		expect(cells[USAGE_CSV_COLUMNS.indexOf('input_tokens')]).toBe('');
		expect(cells[USAGE_CSV_COLUMNS.indexOf('status')]).toBe('aborted');
	});

	it('neutralises a formula in any text cell, e.g. an error name or request id', () => {
		const line = usageCsvRow(row({ aws_error: '=cmd|"/c calc"!A1', aws_request_id: '@evil' }));
		expect(line).toContain(`"'=cmd|""/c calc""!A1"`);
		expect(line).toContain(`"'@evil"`);
	});
});
