// What the CLI prints after start-up: where things are and how to sign in.
import { SEEDED_ADMIN, SEEDED_USER } from './auth/seed';
import { EXAMPLE_KEY_PAIR } from './bedrock-emulator/keys';
import type { StackEnv } from './env-file';

export function describeStack(env: StackEnv, appUrl?: string): string {
	const lines = [
		'',
		'bedrock-admin local stack is running',
		appUrl ? `  app:              ${appUrl}/admin/supabase-bedrock` : undefined,
		`  auth (Supabase):  ${env.PUBLIC_SUPABASE_URL}/auth/v1`,
		`  Postgres:         ${redactPassword(env.DATABASE_URL ?? '')}`,
		`  Bedrock emulator: ${env.AWS_ENDPOINT_URL_BEDROCK}`,
		'',
		`  sign in as admin: ${SEEDED_ADMIN.email} / ${SEEDED_ADMIN.password}`,
		`  sign in as user:  ${SEEDED_USER.email} / ${SEEDED_USER.password}`,
		`  AWS keys the emulator accepts: ${EXAMPLE_KEY_PAIR.accessKeyId} / ${EXAMPLE_KEY_PAIR.secretAccessKey}`,
		'',
		'  Ctrl-C stops everything.',
		''
	];
	return lines.filter((line) => line !== undefined).join('\n');
}

function redactPassword(url: string): string {
	return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@');
}
