import { describe, expect, it } from 'vitest';
import { dollarQuoted } from '../../src/lib/server/db/literals';

describe('dollarQuoted', () => {
	it('wraps text in a tag that does not occur in it', () => {
		expect(dollarQuoted('{"a":1}')).toBe('$v${"a":1}$v$');
		const tricky = 'ends early? $v$ then more';
		const quoted = dollarQuoted(tricky);
		const tag = /^(\$v[0-9a-f]{8}\$)/.exec(quoted)?.[1];
		expect(tag).toBeDefined();
		expect(quoted).toBe(`${tag}${tricky}${tag}`);
		expect(tricky.includes(tag!)).toBe(false);
	});
});
