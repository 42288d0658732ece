/**
 * Puts exact-phrase-first ranking for Chinese in front of the Pagefind index that Starlight
 * builds (see src/search/cjk-ranking.js). Must come after Starlight in the integrations list:
 * Starlight writes the index in its own astro:build:done hook.
 */
import type { AstroIntegration } from 'astro';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const searchDir = fileURLToPath(new URL('../search/', import.meta.url));

export function cjkSearch(): AstroIntegration {
	return {
		name: 'ops-notes:cjk-search',
		hooks: {
			'astro:build:done': ({ dir, logger }) => {
				const pagefindDir = join(fileURLToPath(dir), 'pagefind');
				const entry = join(pagefindDir, 'pagefind.js');
				if (!existsSync(entry)) {
					throw new Error('dist/pagefind/pagefind.js is missing: Starlight did not build the search index.');
				}
				renameSync(entry, join(pagefindDir, 'pagefind-core.js'));
				copyFileSync(join(searchDir, 'pagefind-entry.js'), entry);
				copyFileSync(join(searchDir, 'cjk-ranking.js'), join(pagefindDir, 'cjk-ranking.js'));
				logger.info('Chinese phrase-first ranking installed in front of Pagefind.');
			},
		},
	};
}
