/**
 * The external ID the server sends with sts:AssumeRole for a user (confused-deputy protection):
 * random and unguessable (144 bits), one per user, created on first use and never changed,
 * because the customer's trust policy names it.
 */
import { randomBytes } from 'node:crypto';
import type { TransactionSql } from '../db/client';
import { selectOrInsertExternalId } from '../db/external-ids';

/** `ba-` + 24 base64url characters: within AWS's [\w+=,.@:/-]{2,1224}. */
export function newExternalId(): string {
	return `ba-${randomBytes(18).toString('base64url')}`;
}

export function externalIdFor(tx: TransactionSql, userId: string): Promise<string> {
	return selectOrInsertExternalId(tx, userId, newExternalId);
}
