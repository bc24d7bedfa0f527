import { describe, expect, it } from 'vitest';
import {
	canonicalRequest,
	computeSignature,
	parseAuthorization,
	sha256Hex,
	stringToSign
} from '../sigv4';
import { generate } from '../generation';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { encodeChunk } from '../event-stream';

describe('SigV4 verifier', () => {
	it('reproduces the known-answer signature from the wire reference (raw %3A path double-encoded)', () => {
		const body =
			'{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}';
		const payloadHash = sha256Hex(body);
		expect(payloadHash).toBe('9329b36c40ffa765265d99a4a0323f8b89dee097170fe4361ffb4832ef37ee8f');
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			host: 'localhost:8080',
			'x-amz-content-sha256': payloadHash,
			'x-amz-date': '20240101T000000Z'
		};
		const auth = parseAuthorization(
			'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=' +
				'0'.repeat(64)
		)!;
		const canonical = canonicalRequest(
			'POST',
			'/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke',
			'',
			(n) => headers[n],
			auth.signedHeaders,
			payloadHash
		);
		expect(canonical.split('\n')[1]).toBe(
			'/model/anthropic.claude-3-haiku-20240307-v1%253A0/invoke'
		);
		const signature = computeSignature(
			'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
			auth,
			stringToSign('20240101T000000Z', auth, canonical)
		);
		expect(signature).toBe('e76aa0584867bfd9701799006872bd9f308272e3e38afce79cb6e497ad7866e3');
	});
});

describe('event stream framing', () => {
	it('encodes a chunk that the SDK codec decodes, base64 model JSON inside', () => {
		const frame = encodeChunk({ type: 'message_stop' }, 0);
		const decoded = new EventStreamCodec(toUtf8, fromUtf8).decode(frame);
		expect(decoded.headers[':event-type']).toEqual({ type: 'string', value: 'chunk' });
		expect(decoded.headers[':message-type']).toEqual({ type: 'string', value: 'event' });
		const payload = JSON.parse(toUtf8(decoded.body)) as { bytes: string };
		expect(JSON.parse(Buffer.from(payload.bytes, 'base64').toString())).toEqual({
			type: 'message_stop'
		});
	});
});

describe('deterministic generation', () => {
	const base = { modelId: 'm', prompt: 'user: hi', maxTokens: 1000, stopSequences: [] };
	it('pieces concatenate to the text, and piece tokens sum to the output count', () => {
		const gen = generate(base);
		expect(gen.pieces.join('')).toBe(gen.text);
		expect(gen.pieceTokens.reduce((a, b) => a + b, 0)).toBe(gen.outputTokens);
		expect(gen.outputTokens).toBe(gen.text.split(' ').length);
	});
	it('max tokens wins over a stop sequence that comes later', () => {
		const full = generate(base).text.split(' ');
		const gen = generate({ ...base, maxTokens: 2, stopSequences: [full[5]!] });
		expect(gen).toMatchObject({ stopReason: 'max_tokens', outputTokens: 2, stopSequence: null });
	});
});
