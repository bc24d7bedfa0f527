/**
 * The router's type. Inside this repository it is the server's own `AppRouter`, so the
 * package's sources type-check against the real procedures. `npm run pack:client` does not
 * ship this file: it writes `app-router.d.ts` in its place, the same procedures spelled out
 * with tRPC's public types only (scripts/pack-client/router-declaration.ts), so no server
 * module, and none of the server's dependencies, travels with the package.
 */
export type { AppRouter } from '../../../src/lib/server/trpc/root';
