// What the CLI prints after start-up: where things are and how to sign in.
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
		'  sign in as admin: admin@bedrock.local / bedrock-admin',
		'  sign in as user:  user@bedrock.local / bedrock-user',
		'  AWS keys the emulator accepts: AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		'',
		'  Ctrl-C stops everything.',
		''
	];
	return lines.filter((line) => line !== undefined).join('\n');
}

function redactPassword(url: string): string {
	return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@');
}
