import { z } from 'astro/zod';
import { TAG_IDS } from './tags.ts';

/**
 * Fields every note adds to Starlight's frontmatter schema. Kept apart from the collection
 * config so the content tests validate notes with exactly the schema the build uses.
 */
export const noteFields = z.object({
	// Starlight has it optional; search results and link previews need it on every note.
	description: z
		.string({ error: '必填：一句话说明这篇笔记讲什么（description is required）' })
		.trim()
		.min(1, 'description 不能为空'),
	tags: z
		.array(
			z.enum(TAG_IDS, {
				error: (issue) =>
					`未知标签 ${JSON.stringify(issue.input)}：只能用 src/tags.ts 里列出的标签（${TAG_IDS.join(', ')}）`,
			}),
		)
		.default([]),
	// Official documentation the note was checked against.
	sources: z.array(z.url({ protocol: /^https?$/, error: 'sources 里的每一项都必须是 http(s) 链接' })).optional(),
});

export type NoteFields = z.infer<typeof noteFields>;
