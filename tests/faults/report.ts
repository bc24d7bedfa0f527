/** The fault table, for the terminal and for docs/resilience.md. */
import { writeFileSync } from 'node:fs';
import { FAULT_APP_ENV } from './harness';
import type { FaultRow } from './record';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function markdownTable(rows: readonly FaultRow[]): string {
	const lines = [
		'| fault | call | expected | got | time | bound | result |',
		'| --- | --- | --- | --- | ---: | ---: | --- |'
	];
	for (const row of rows) {
		lines.push(
			`| ${cell(row.fault)} | ${cell(row.call)} | ${cell(row.expected)} | ${cell(row.got)} | ${row.ms} ms | ${row.boundMs ? `≤ ${row.boundMs} ms` : ''} | ${row.ok ? 'pass' : '**FAIL**'} |`
		);
	}
	return lines.join('\n');
}

export function writeResilienceDoc(
	path: string,
	rows: readonly FaultRow[],
	facts: { date: string; commit: string; extra?: string }
): void {
	const settings = Object.entries(FAULT_APP_ENV)
		.map(([name, value]) => `\`${name}=${value}\``)
		.join(', ');
	const passed = rows.filter((row) => row.ok).length;
	writeFileSync(
		path,
		`# Resilience: what each fault gets

Written by \`npm run faults\` on ${facts.date}, commit \`${facts.commit}\`: ${passed} of ${rows.length} checks passed.

The suite starts a private local stack (embedded Postgres, auth server, Bedrock emulator, on
free loopback ports) and the built app, injects each fault below and records the answer and how
long it took. A row fails when the answer differs, when it took longer than its bound (the
deadline plus scheduling slack), or when anything answered 500. The app runs with shortened
deadlines so the suite takes minutes; the defaults are in the README ("Environment"):
${settings}.

${markdownTable(rows)}
${facts.extra ? `\n${facts.extra}\n` : ''}`
	);
}
