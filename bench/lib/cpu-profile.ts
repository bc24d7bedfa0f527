/**
 * Reads a V8 .cpuprofile (`node --cpu-prof`) and says where the time went: self time per
 * package (node_modules/<name>), per app file and per Node internal, and the costliest
 * functions, so a claim like "zod output validation is a hot path" is checked, not guessed.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
}

export interface ProfileSummary {
	totalMs: number;
	/** Time not idle (what the process spent working). */
	busyMs: number;
	byOwner: { owner: string; ms: number }[];
	topFunctions: { name: string; owner: string; ms: number }[];
}

/** Who a frame belongs to: an npm package, a file of the built app, Node itself, or V8. */
export function ownerOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return pkg[1]!;
	if (url.startsWith('node:')) return url;
	const app = /\/build\/(.+)$/.exec(url);
	if (app) return `app: ${app[1]}`;
	return url;
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
	const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
	const totalMs = (profile.endTime - profile.startTime) / 1000;
	const msPerSample = totalMs / Math.max(1, profile.samples.length);
	const byOwner = new Map<string, number>();
	const byFunction = new Map<string, { name: string; owner: string; ms: number }>();
	let idleMs = 0;
	for (const node of profile.nodes) {
		const ms = (node.hitCount ?? 0) * msPerSample;
		if (ms === 0) continue;
		const { functionName, url, lineNumber } = node.callFrame;
		if (functionName === '(idle)') {
			idleMs += ms;
			continue;
		}
		const owner = ownerOf(url, functionName);
		byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
		const key = `${functionName}@${url}:${lineNumber}`;
		const entry = byFunction.get(key) ?? {
			name: `${functionName || '(anonymous)'}:${lineNumber + 1}`,
			owner,
			ms: 0
		};
		entry.ms += ms;
		byFunction.set(key, entry);
	}
	return {
		totalMs,
		busyMs: totalMs - idleMs,
		byOwner: [...byOwner].map(([owner, ms]) => ({ owner, ms })).sort((a, b) => b.ms - a.ms),
		topFunctions: [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, top)
	};
}

export function formatSummary(s: ProfileSummary, requests: number): string {
	const pct = (ms: number) => `${((ms / s.busyMs) * 100).toFixed(1).padStart(5)}%`;
	const perRequest = (ms: number) => `${((ms / requests) * 1000).toFixed(0).padStart(6)} µs/req`;
	const lines = [
		`busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms; ${requests} requests → ${perRequest(s.busyMs)} of CPU`,
		'',
		'self time by owner:'
	];
	for (const o of s.byOwner.slice(0, 25))
		lines.push(`  ${pct(o.ms)}  ${perRequest(o.ms)}  ${o.owner}`);
	lines.push('', 'costliest functions (self time):');
	for (const f of s.topFunctions)
		lines.push(`  ${pct(f.ms)}  ${perRequest(f.ms)}  ${f.name}  [${f.owner}]`);
	return lines.join('\n');
}
