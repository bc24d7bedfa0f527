/**
 * Every procedure's input and output, by path: `RouterInputs['models']['list']`,
 * `RouterOutputs['invoke']['converse']`. Outputs are what arrives over JSON.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './app-router.js';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
