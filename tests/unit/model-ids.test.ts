import { describe, expect, it } from 'vitest';
import {
	contextTokens,
	contextVariant,
	disambiguators,
	idSegments
} from '../../src/lib/components/catalog/model-ids';

describe('model ids', () => {
	it('splits only after separators, so the version never breaks', () => {
		expect(idSegments('anthropic.claude-3-haiku-20240307-v1:0')).toEqual([
			'anthropic.',
			'claude-',
			'3-',
			'haiku-',
			'20240307-',
			'v1:',
			'0'
		]);
		expect(idSegments('anthropic.claude-3-haiku-20240307-v1:0').join('')).toBe(
			'anthropic.claude-3-haiku-20240307-v1:0'
		);
	});

	it('reads the context variant from the id suffix', () => {
		expect(contextVariant('anthropic.claude-3-haiku-20240307-v1:0:200k')).toBe('200k');
		expect(contextVariant('amazon.nova-micro-v1:0:128k')).toBe('128k');
		expect(contextVariant('amazon.nova-micro-v1:0')).toBeNull();
		expect(contextTokens('200k')).toBe(200_000);
		expect(contextTokens('1m')).toBe(1_000_000);
	});

	it('labels only names that appear more than once', () => {
		const labels = disambiguators([
			{ modelId: 'amazon.nova-micro-v1:0', modelName: 'Nova Micro' },
			{ modelId: 'amazon.nova-micro-v1:0:128k', modelName: 'Nova Micro' },
			{ modelId: 'amazon.titan-text-lite-v1', modelName: 'Titan Text Lite' },
			{ modelId: 'anthropic.claude-v2', modelName: 'Claude' },
			{ modelId: 'anthropic.claude-v2:1', modelName: 'Claude' }
		]);
		expect(Object.fromEntries(labels)).toEqual({
			'amazon.nova-micro-v1:0': 'standard context',
			'amazon.nova-micro-v1:0:128k': '128k context',
			'anthropic.claude-v2': 'version v2',
			'anthropic.claude-v2:1': 'version v2:1'
		});
	});
});
