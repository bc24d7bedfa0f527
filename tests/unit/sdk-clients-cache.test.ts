import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBedrockClients } from '../../src/lib/server/aws/clients';
import { forgetUser } from '../../src/lib/server/cache/forget-user';
import { modelsCache } from '../../src/lib/server/cache/models';
import {
	accessCacheKey,
	cachedSdkClients,
	sdkClientsHeld
} from '../../src/lib/server/cache/sdk-clients';
import { EXAMPLE_KEY_PAIR } from '../../devstack/bedrock-emulator/keys';

const credentials = { kind: 'access_key' as const, ...EXAMPLE_KEY_PAIR };

/** Clients whose destruction the test can see. */
function trackedClients() {
	const clients = createBedrockClients(credentials, 'us-east-1', {});
	const destroyed = vi.fn();
	clients.control.destroy = destroyed;
	clients.runtime.destroy = destroyed;
	clients.sts!.destroy = destroyed;
	return { clients, destroyed };
}

let user = 0;
const nextUser = () => `00000000-0000-4000-8000-${String(++user).padStart(12, '0')}`;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the SDK clients cache', () => {
	it('builds once per key and serves the same clients after that', async () => {
		const userId = nextUser();
		const key = accessCacheKey(userId, new Date(1), 'us-east-1');
		const { clients } = trackedClients();
		const build = vi.fn(async () => ({ key, clients }));
		expect(await cachedSdkClients(key, build)).toBe(clients);
		expect(await cachedSdkClients(key, build)).toBe(clients);
		expect(build).toHaveBeenCalledTimes(1);
	});

	it('destroys a user’s older clients once newer credentials are in use', async () => {
		const userId = nextUser();
		const oldKey = accessCacheKey(userId, new Date(1), 'us-east-1');
		const newKey = accessCacheKey(userId, new Date(2), 'us-east-1');
		const old = trackedClients();
		const fresh = trackedClients();
		await cachedSdkClients(oldKey, async () => ({ key: oldKey, clients: old.clients }));
		const held = sdkClientsHeld();
		await cachedSdkClients(newKey, async () => ({ key: newKey, clients: fresh.clients }));
		expect(sdkClientsHeld()).toBe(held); // replaced, not added
		vi.advanceTimersByTime(10 * 60_000); // streams through old clients get time to finish
		expect(old.destroyed).toHaveBeenCalledTimes(3);
		expect(fresh.destroyed).not.toHaveBeenCalled();
	});

	it('forgetUser drops the user’s clients (destroying them) and their models', async () => {
		const userId = nextUser();
		const other = nextUser();
		const key = accessCacheKey(userId, new Date(1), 'us-east-1');
		const otherKey = accessCacheKey(other, new Date(1), 'us-east-1');
		const mine = trackedClients();
		const theirs = trackedClients();
		await cachedSdkClients(key, async () => ({ key, clients: mine.clients }));
		await cachedSdkClients(otherKey, async () => ({ key: otherKey, clients: theirs.clients }));
		modelsCache.setList(key, '{}', []);
		modelsCache.setList(otherKey, '{}', []);

		forgetUser(userId);
		vi.advanceTimersByTime(10 * 60_000);
		expect(mine.destroyed).toHaveBeenCalledTimes(3);
		expect(theirs.destroyed).not.toHaveBeenCalled();
		expect(modelsCache.getList(key, '{}')).toBeUndefined();
		expect(modelsCache.getList(otherKey, '{}')).toEqual([]);
		const rebuilt = trackedClients();
		expect(await cachedSdkClients(key, async () => ({ key, clients: rebuilt.clients }))).toBe(
			rebuilt.clients
		);
	});

	it('keeps the first of two concurrent builds and destroys the other', async () => {
		const userId = nextUser();
		const key = accessCacheKey(userId, new Date(1), 'us-east-1');
		const first = trackedClients();
		const second = trackedClients();
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const a = cachedSdkClients(key, async () => ({ key, clients: first.clients }));
		const b = cachedSdkClients(key, async () => {
			await gate;
			return { key, clients: second.clients };
		});
		expect(await a).toBe(first.clients);
		release();
		expect(await b).toBe(first.clients);
		vi.advanceTimersByTime(1);
		expect(second.destroyed).toHaveBeenCalledTimes(3);
		expect(first.destroyed).not.toHaveBeenCalled();
	});
});
