/**
 * The typed client for TypeScript programs inside this repository (tests, examples, scripts).
 * It is the `@bedrock-admin/client` package's own source (packages/client), so what this repo
 * tests is what programs elsewhere install:
 *
 *   const api = createBedrockAdminClient({ url: 'http://127.0.0.1:5173', accessToken });
 *   const me = await api.me.get.query();
 */
export * from '../../../packages/client/src/index';
