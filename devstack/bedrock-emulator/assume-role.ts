// STS AssumeRole (query protocol, XML answer), as AWS evaluates it: the caller's own policy
// must allow sts:AssumeRole, the role's trust policy must name the caller (account, root, user
// or role ARN) and the external ID must match exactly; the duration must fit the role (and
// role chaining's 1-hour cap). Success mints an ASIA… key with a session token and expiry that
// then works (and expires) on every service like any other key. Refusals use STS's own codes
// and wording: an untrusted caller, a wrong or missing external ID and an unknown role all get
// the same AccessDenied, as on AWS (the caller must not learn which one it was).
import { createHash, randomBytes } from 'node:crypto';
import type { OperationRequest } from './context';
import { AwsError } from './errors';
import { isActionAllowed, type EmulatorKey } from './keys';
import { ROLE_ARN_PATTERN, type EmulatorRole } from './roles';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const validationError = (message: string) => new AwsError('ValidationError', 400, message);
const constraint = (value: string | null, member: string, rule: string) =>
	validationError(
		`1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${member}' failed to satisfy constraint: ${rule}`
	);

export const accessDenied = (callerArn: string, roleArn: string, suffix = '') =>
	new AwsError(
		'AccessDenied',
		403,
		`User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}${suffix}`
	);

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function randomId(length: number): string {
	const bytes = randomBytes(length);
	let out = '';
	for (const b of bytes) out += ALPHANUM[b % ALPHANUM.length];
	return out;
}

/** The role a caller's temporary key stands for (`…:assumed-role/<name>/<session>`), if any. */
function assumedRoleOf(key: EmulatorKey): { account: string; roleName: string } | undefined {
	const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(key.userArn);
	return m ? { account: m[1]!, roleName: m[2]! } : undefined;
}

function trusts(role: EmulatorRole, caller: EmulatorKey): boolean {
	const assumed = assumedRoleOf(caller);
	return role.trustedPrincipals.some(
		(p) =>
			p === '*' ||
			p === caller.accountId ||
			p === `arn:aws:iam::${caller.accountId}:root` ||
			p === caller.userArn ||
			(assumed !== undefined &&
				new RegExp(`^arn:aws:iam::${assumed.account}:role/(.+/)?${assumed.roleName}$`).test(p))
	);
}

export function assumeRole(op: OperationRequest): void {
	const { ex, ctx, caller } = op;
	const form = new URLSearchParams(ex.method === 'POST' ? ex.body.toString('utf8') : ex.rawQuery);
	const roleArn = form.get('RoleArn');
	const sessionName = form.get('RoleSessionName');
	const externalId = form.get('ExternalId');
	const durationRaw = form.get('DurationSeconds');

	if (roleArn === null) throw constraint(null, 'roleArn', 'Member must not be null');
	if (sessionName === null) throw constraint(null, 'roleSessionName', 'Member must not be null');
	if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
		throw constraint(
			sessionName,
			'roleSessionName',
			sessionName.length < 2 || sessionName.length > 64
				? `Member must have length ${sessionName.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64'}`
				: 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'
		);
	if (externalId !== null && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId))
		throw constraint(
			externalId,
			'externalId',
			'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*'
		);
	const duration = durationRaw === null ? 3600 : Number(durationRaw);
	if (!Number.isInteger(duration))
		throw constraint(durationRaw, 'durationSeconds', 'Member must be an integer');
	if (duration < 900)
		throw constraint(
			durationRaw,
			'durationSeconds',
			'Member must have value greater than or equal to 900'
		);
	if (duration > 43200)
		throw constraint(
			durationRaw,
			'durationSeconds',
			'Member must have value less than or equal to 43200'
		);

	const callerKey = caller.key;
	if (!isActionAllowed(callerKey, 'sts:AssumeRole'))
		throw accessDenied(
			callerKey.userArn,
			roleArn,
			' because no identity-based policy allows the sts:AssumeRole action'
		);
	const role = ctx.roles.get(roleArn);
	if (
		!role ||
		!ROLE_ARN_PATTERN.test(roleArn) ||
		!trusts(role, callerKey) ||
		(role.externalId ?? null) !== externalId
	)
		throw accessDenied(callerKey.userArn, roleArn);

	const chained = assumedRoleOf(callerKey) !== undefined;
	if (chained && duration > 3600)
		throw validationError(
			'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
		);
	if (duration > role.maxSessionDurationSeconds)
		throw validationError(
			'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
		);

	const [, account, roleName] = ROLE_ARN_PATTERN.exec(roleArn)!;
	const lifetimeSeconds = role.credentialLifetimeSeconds ?? duration;
	// A temporary key never outlives the key that assumed the role (role chaining).
	const expiresAt = Math.min(
		Date.now() + lifetimeSeconds * 1000,
		callerKey.expiresAt ?? Number.POSITIVE_INFINITY
	);
	const roleId = `AROA${createHash('sha256')
		.update(roleArn)
		.digest('hex')
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '')
		.slice(0, 17)}`;
	const key: EmulatorKey = {
		accessKeyId: `ASIA${randomId(16)}`,
		secretAccessKey: randomBytes(30).toString('base64'),
		sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(96).toString('base64')}`,
		accountId: account!,
		userArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
		allowedActions: role.allowedActions,
		modelAccess: role.modelAccess,
		expiresAt
	};
	ctx.keys.pruneExpired();
	ctx.keys.upsert(key);

	const xml =
		`<AssumeRoleResponse xmlns="${NS}">\n  <AssumeRoleResult>\n` +
		`    <AssumedRoleUser>\n      <AssumedRoleId>${roleId}:${xmlEscape(sessionName)}</AssumedRoleId>\n` +
		`      <Arn>${xmlEscape(key.userArn)}</Arn>\n    </AssumedRoleUser>\n` +
		`    <Credentials>\n      <AccessKeyId>${key.accessKeyId}</AccessKeyId>\n` +
		`      <SecretAccessKey>${key.secretAccessKey}</SecretAccessKey>\n` +
		`      <SessionToken>${key.sessionToken}</SessionToken>\n` +
		`      <Expiration>${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration>\n` +
		`    </Credentials>\n  </AssumeRoleResult>\n` +
		`  <ResponseMetadata>\n    <RequestId>${ex.requestId}</RequestId>\n  </ResponseMetadata>\n` +
		`</AssumeRoleResponse>\n`;
	ex.send(200, { 'content-type': 'text/xml' }, xml);
}
