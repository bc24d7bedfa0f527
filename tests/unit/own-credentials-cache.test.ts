/**
 * The caller's own credentials row is kept a few seconds, but never what a read returned after
 * a forget (a save on this instance) that happened while it was under way.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	cachedOwnCredentials,
	forgetOwnCredentials,
	OWN_CREDENTIALS_TTL_MS
} from '../../src/lib/server/cache/own-credentials';
import type { BedrockCredentialsRow } from '../../src/lib/server/db/types';

const row = (region: string) => ({ user_id: 'u1', region }) as unknown as BedrockCredentialsRow;

afterEach(() => {
	forgetOwnCredentials('u1');
	vi.useRealTimers();
});

describe('cachedOwnCredentials', () => {
	it('reads once, then answers from the cache until the row is forgotten', async () => {
		const read = vi.fn(async () => row('us-east-1'));
		await cachedOwnCredentials('u1', read);
		expect(await cachedOwnCredentials('u1', read)).toMatchObject({ region: 'us-east-1' });
		expect(read).toHaveBeenCalledTimes(1);

		forgetOwnCredentials('u1');
		await cachedOwnCredentials('u1', read);
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('reads again once the row is older than its lifetime', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const read = vi.fn(async () => row('us-east-1'));
		await cachedOwnCredentials('u1', read);
		vi.advanceTimersByTime(OWN_CREDENTIALS_TTL_MS - 1);
		await cachedOwnCredentials('u1', read);
		expect(read).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(1);
		await cachedOwnCredentials('u1', read);
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('does not keep a row read across a forget (it may predate the change)', async () => {
		let finishRead!: (value: BedrockCredentialsRow) => void;
		const slowRead = () => new Promise<BedrockCredentialsRow>((resolve) => (finishRead = resolve));
		const pending = cachedOwnCredentials('u1', slowRead);
		forgetOwnCredentials('u1'); // a save committed while the read was under way
		finishRead(row('us-east-1'));
		expect(await pending).toMatchObject({ region: 'us-east-1' });

		const read = vi.fn(async () => row('eu-west-1'));
		expect(await cachedOwnCredentials('u1', read)).toMatchObject({ region: 'eu-west-1' });
		expect(read).toHaveBeenCalledTimes(1);
	});

	it('makes one read for requests that want the row at the same time', async () => {
		let finishRead!: (value: BedrockCredentialsRow) => void;
		const read = vi.fn(
			() => new Promise<BedrockCredentialsRow>((resolve) => (finishRead = resolve))
		);
		const waiting = Array.from({ length: 20 }, () => cachedOwnCredentials('u1', read));
		finishRead(row('us-east-1'));
		expect((await Promise.all(waiting)).every((r) => r?.region === 'us-east-1')).toBe(true);
		expect(read).toHaveBeenCalledTimes(1);
	});

	it('does not let a request join a read that began before a forget', async () => {
		let finishOld!: (value: BedrockCredentialsRow) => void;
		const before = cachedOwnCredentials(
			'u1',
			() => new Promise<BedrockCredentialsRow>((resolve) => (finishOld = resolve))
		);
		forgetOwnCredentials('u1');
		const after = cachedOwnCredentials('u1', async () => row('eu-west-1'));
		finishOld(row('us-east-1'));
		expect((await before)?.region).toBe('us-east-1');
		expect((await after)?.region).toBe('eu-west-1');
	});

	it('does not keep an absent row (a save elsewhere shows at once)', async () => {
		const read = vi.fn(async () => null);
		await cachedOwnCredentials('u1', read);
		await cachedOwnCredentials('u1', read);
		expect(read).toHaveBeenCalledTimes(2);
	});
});
