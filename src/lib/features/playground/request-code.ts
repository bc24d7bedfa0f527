/**
 * "Copy as code": the playground's current request as TypeScript, once for this app's typed
 * client and once for the AWS SDK called directly. Both literals are built from the same
 * ConverseInput the page sends, and the SDK one through `converseRequest`, the function the
 * server itself uses, so what a user copies is what was (or would be) sent.
 *
 * JSON is valid TypeScript, so the literals are JSON.stringify'd: quotes, newlines and
 * backslashes in prompts come out escaped, never as broken code.
 */
import { converseRequest } from '$lib/schemas/converse-request';
import type { ConverseInput } from '$lib/schemas/invoke';

const literal = (value: unknown) => JSON.stringify(value, null, 2);

export function typedClientCode(input: ConverseInput, streaming: boolean): string {
	const head = `// \`api\` is this app's typed client: see "Use from code" for signing in.
`;
	if (!streaming)
		return `${head}const reply = await api.invoke.converse.mutate(${literal(input)});
console.log(reply.text, reply.usage, reply.recorded.costUsd);`;
	return `${head}api.invoke.converseStream.subscribe(${literal(input)}, {
  onData(event) {
    if (event.type === 'delta') process.stdout.write(event.text);
    if (event.type === 'metadata') console.log('\\n', event.usage, event.recorded.costUsd);
  },
  onError(error) {
    console.error(error.message, error.data?.hint);
  }
});`;
}

export function awsSdkCode(input: ConverseInput, region: string, streaming: boolean): string {
	const command = streaming ? 'ConverseStreamCommand' : 'ConverseCommand';
	// Typed, so the literal's strings ('user', 'default') check as the SDK's string unions.
	const head = `import { BedrockRuntimeClient, ${command}, type ${command}Input } from '@aws-sdk/client-bedrock-runtime';

// Credentials come from the usual AWS chain (environment, profile, role).
const client = new BedrockRuntimeClient({ region: ${literal(region)} });
const request: ${command}Input = ${literal(converseRequest(input))};
`;
	if (!streaming)
		return `${head}
const out = await client.send(new ConverseCommand(request));
console.log(out.output?.message?.content?.[0]?.text, out.usage);`;
	return `${head}
const out = await client.send(new ConverseStreamCommand(request));
for await (const event of out.stream ?? []) {
  if (event.contentBlockDelta?.delta?.text) process.stdout.write(event.contentBlockDelta.delta.text);
  if (event.metadata) console.log('\\n', event.metadata.usage);
}`;
}
