import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { noteFields } from './schema.ts';

// The notes live in the top-level content/ folder (see DESIGN.md), not Starlight's default
// src/content/docs/. Files starting with "_" are drafts and partials, as in Starlight's loader.
export const collections = {
	docs: defineCollection({
		loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
		schema: docsSchema({ extend: noteFields }),
	}),
	// UI strings Starlight's Chinese translation lacks (the search dialog's), in src/content/i18n/.
	i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
