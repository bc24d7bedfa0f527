/**
 * `npm run credentials:rotate [-- --dry-run]`: re-encrypts every stored AWS secret under the
 * first key of CREDENTIALS_ENCRYPTION_KEY.
 *
 * Rotation procedure: (1) prepend a new key: CREDENTIALS_ENCRYPTION_KEY="k2:<new>,k1:<old>",
 * deploy; (2) run this script; (3) when it reports 0 failed, drop k1 and deploy again.
 * Reads DATABASE_URL and CREDENTIALS_ENCRYPTION_KEY from the environment, else from
 * .devstack/env (the local stack). Prints counts only, never a secret.
 */
import { existsSync } from 'node:fs';
import { readEnvFile } from '../devstack/env-file';
import { createSql } from '../src/lib/server/db/client';
import { KeyringError, parseKeyring } from '../src/lib/server/secrets/keyring';
import { rotateCredentials } from '../src/lib/server/secrets/rotate';

async function main(): Promise<number> {
	const dryRun = process.argv.includes('--dry-run');
	const local = existsSync('.devstack/env') ? readEnvFile('.devstack/env') : {};
	const databaseUrl = process.env.DATABASE_URL ?? local.DATABASE_URL;
	const keySetting = process.env.CREDENTIALS_ENCRYPTION_KEY ?? local.CREDENTIALS_ENCRYPTION_KEY;
	if (!databaseUrl) {
		console.error('credentials:rotate: DATABASE_URL is not set (and no .devstack/env was found).');
		return 2;
	}
	let keyring;
	try {
		keyring = parseKeyring(keySetting);
	} catch (err) {
		console.error(`credentials:rotate: ${err instanceof KeyringError ? err.message : String(err)}`);
		return 2;
	}
	const sql = createSql(databaseUrl, { max: 1 });
	try {
		const report = await rotateCredentials(sql, keyring, { dryRun });
		console.log(
			`${dryRun ? '[dry run] ' : ''}credentials:rotate → key "${report.keyId}": ${report.examined} rows examined, ` +
				`${report.rotated} re-encrypted, ${report.alreadyCurrent} already current, ${report.failed.length} failed`
		);
		for (const failure of report.failed)
			console.error(`  user ${failure.userId}: ${failure.reason}`);
		return report.failed.length === 0 ? 0 : 1;
	} finally {
		await sql.end({ timeout: 5 });
	}
}

main().then(
	(code) => process.exit(code),
	(err: unknown) => {
		console.error(`credentials:rotate failed: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	}
);
