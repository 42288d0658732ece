/** `npm run new -- <part>/<slug> "<标题>"`: creates a note from the template. */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { noteTemplate, parseNewNoteArgs } from '../src/new-note.ts';
import { listPartNotes } from '../src/sidebar.ts';

const contentDir = resolve(process.env.OPS_NOTES_CONTENT_DIR ?? join(import.meta.dirname, '../content'));
const request = parseNewNoteArgs(process.argv.slice(2));
if ('error' in request) {
	console.error(request.error);
	process.exit(1);
}
const file = join(contentDir, request.part, `${request.slug}.mdx`);
if (existsSync(file) || existsSync(join(contentDir, request.part, `${request.slug}.md`))) {
	console.error(`content/${request.part}/${request.slug}.mdx 已经存在：请换一个 slug，或直接编辑那篇笔记。`);
	process.exit(1);
}
const orders = listPartNotes(contentDir, request.part)
	.map((n) => n.order)
	.filter((o) => Number.isFinite(o) && o < Number.MAX_SAFE_INTEGER);
writeFileSync(file, noteTemplate(request, Math.max(0, ...orders) + 1));
console.log(`已创建 content/${request.part}/${request.slug}.mdx。
把每一处“待补充”换成真实内容，然后运行 npm run check 检查。`);
