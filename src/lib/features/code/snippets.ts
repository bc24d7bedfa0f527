/**
 * The samples on "Use from code", filled in with this deployment's URLs. Kept apart from
 * the page so a test can type-check or run exactly what people copy.
 */
export type SnippetSettings = { appUrl: string; supabaseUrl: string; supabaseAnonKey: string };

export function typedClientSnippet({ appUrl, supabaseUrl, supabaseAnonKey }: SnippetSettings) {
	return `import { createClient } from '@supabase/supabase-js';
// npm install bedrock-admin-client-<version>.tgz @trpc/client @trpc/server (npm run pack:client)
import { createBedrockAdminClient } from '@bedrock-admin/client';

// 1. Sign in with Supabase: the session holds the access token the API accepts.
const supabase = createClient('${supabaseUrl}', '${supabaseAnonKey}');
const { error } = await supabase.auth.signInWithPassword({ email, password });
if (error) throw error;

// 2. Call the API. The session is read before each request, so refreshed tokens are used.
const api = createBedrockAdminClient({ url: '${appUrl}', supabase });

const { models, usingFallback } = await api.models.list.query({ provider: 'Anthropic' });
const reply = await api.invoke.converse.mutate({
  modelId: models[0]!.modelId,
  messages: [{ role: 'user', content: 'Hello!' }]
});
console.log(reply.text);`;
}

export function curlSnippet({ appUrl }: Pick<SnippetSettings, 'appUrl'>) {
	return `# TOKEN: your access token (copy it below, or from supabase.auth.getSession())
curl -H "Authorization: Bearer $TOKEN" '${appUrl}/api/trpc/me.get'`;
}
