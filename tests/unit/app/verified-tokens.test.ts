import { describe, expect, it } from 'vitest';
import { UnknownSigningKeyError, verifyAccessToken } from '$lib/server/auth/verify-access-token';
import { cachedVerifier } from '$lib/server/cache/verified-tokens';
import { ISSUER, makeSigningKey, sign, userClaims } from './test-keys';

const key = await makeSigningKey();

/** The real verifier, counting how often it really checks a signature. */
function countingVerify(now: () => number) {
	let calls = 0;
	const verify = (token: string) => {
		calls += 1;
		return verifyAccessToken(token, {
			issuer: ISSUER,
			currentDate: new Date(now()),
			resolveKey: async (header) => {
				if (header.kid !== key.kid) throw new UnknownSigningKeyError(header.kid);
				return key.publicKey;
			}
		});
	};
	return { verify, calls: () => calls };
}

describe('cachedVerifier', () => {
	it('checks a token once, then answers from the cache with the same claims', async () => {
		const counting = countingVerify(Date.now);
		const verify = cachedVerifier(counting.verify);
		const token = await sign(key, userClaims({ email: 'cached@bedrock.test' }));
		const first = await verify(token);
		const second = await verify(token);
		expect(first.ok && first.claims.email).toBe('cached@bedrock.test');
		expect(second).toEqual(first);
		expect(counting.calls()).toBe(1);
	});

	it('never caches a failure, and a forged token never hits a genuine one', async () => {
		const counting = countingVerify(Date.now);
		const verify = cachedVerifier(counting.verify);
		const genuine = await sign(key, userClaims());
		expect((await verify(genuine)).ok).toBe(true);
		const impostor = await makeSigningKey(key.kid);
		const forged = await sign(impostor, userClaims({ app_metadata: { role: 'admin' } }));
		expect(await verify(forged)).toEqual({ ok: false, reason: 'bad_signature' });
		expect(await verify(forged)).toEqual({ ok: false, reason: 'bad_signature' });
		expect(counting.calls()).toBe(3);
	});

	it('re-checks after its time to live, and refuses a token past its exp', async () => {
		let clock = Date.now();
		const counting = countingVerify(() => clock);
		const verify = cachedVerifier(counting.verify, { ttlMs: 60_000, now: () => clock });
		const nowSeconds = Math.floor(clock / 1000);
		const token = await sign(key, userClaims({ iat: nowSeconds, exp: nowSeconds + 90 }));
		expect((await verify(token)).ok).toBe(true);
		clock += 30_000;
		expect((await verify(token)).ok).toBe(true);
		expect(counting.calls()).toBe(1);
		clock += 40_000; // past the cache's 60 s: checked again, still valid
		expect((await verify(token)).ok).toBe(true);
		expect(counting.calls()).toBe(2);
		clock += 30_000; // past exp, although the entry is only 30 s old
		expect(await verify(token)).toEqual({ ok: false, reason: 'expired' });
		expect(counting.calls()).toBe(3);
	});
});
