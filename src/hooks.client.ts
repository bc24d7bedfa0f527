/**
 * Browser start-up. Zod compiles object parsers with `new Function` unless told not to; under
 * the Content-Security-Policy (no 'unsafe-eval') that probe is blocked and reported as a
 * violation on every page, so the browser bundle uses Zod's interpreted parsers instead.
 */
import { z } from 'zod';

z.config({ jitless: true });
