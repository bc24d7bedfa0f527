/**
 * What an application-profile or provisioned-model ARN runs (its base model), per ARN. The ARN
 * names its account, so one entry serves every user of that account. A minute is short enough
 * that a provisioned model changed on another instance is priced right soon after, and long
 * enough that a conversation through the ARN asks AWS once. Only an optimisation.
 */
import { LruCache } from './lru';

export const CALL_TARGETS_TTL_MS = 60_000;

export const callTargetsCache = new LruCache<string>(2_000, CALL_TARGETS_TTL_MS);
