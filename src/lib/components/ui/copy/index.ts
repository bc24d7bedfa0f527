/**
 * Copy to clipboard: `<CopyButton text={model.modelId} label="Copy model ID" />`, and
 * `<CodeBlock code={snippet} label="TypeScript" />` for samples (a copy button on top).
 */
export { default as CopyButton } from './CopyButton.svelte';
export { default as CodeBlock } from './CodeBlock.svelte';
