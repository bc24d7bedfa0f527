// What vite.config.ts declares in optimizeDeps.include: the browser's package imports only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserDependencies } from '../../devstack/client-deps';

const src = mkdtempSync(join(tmpdir(), 'client-deps-'));
const write = (file: string, text: string) => {
	mkdirSync(dirname(join(src, file)), { recursive: true });
	writeFileSync(join(src, file), text);
};

write(
	'lib/components/Icon.svelte',
	`<script lang="ts">\n\timport Check from '@lucide/svelte/icons/check';\n\timport {\n\t\tDialog,\n\t\tSelect\n\t} from 'bits-ui';\n\timport type { Snippet } from 'svelte';\n</script>`
);
write(
	'lib/schemas/x.ts',
	`import { z } from 'zod';\nexport * from 'devalue';\nimport './local';\n`
);
write('lib/types.ts', `import type { TRPCClient } from '@trpc/client';\n`);
write('lib/server/db.ts', `import postgres from 'postgres';\n`);
write('routes/+page.server.ts', `import { S3 } from '@aws-sdk/client-s3';\n`);
write('routes/api/+server.ts', `import { x } from 'server-only-package';\n`);
write(
	'routes/+page.svelte',
	`<script>\n\timport { goto } from '$app/navigation';\n\timport { onMount } from 'svelte';\n</script>`
);
write(
	'lib/code/snippet.ts',
	"export const sample = `import { createClient } from '@supabase/supabase-js';`;\n"
);

afterAll(() => rmSync(src, { recursive: true, force: true }));

describe('browserDependencies', () => {
	it('lists the packages browser code imports, multi-line imports and re-exports included', () => {
		expect(browserDependencies(src)).toEqual([
			'@lucide/svelte/icons/check',
			'bits-ui',
			'devalue',
			'zod'
		]);
	});

	it('leaves out server-only files, type-only imports, Svelte/SvelteKit and quoted samples', () => {
		const deps = browserDependencies(src);
		for (const absent of [
			'postgres',
			'@aws-sdk/client-s3',
			'server-only-package',
			'@trpc/client',
			'svelte',
			'$app/navigation',
			'@supabase/supabase-js'
		])
			expect(deps).not.toContain(absent);
	});
});
