/**
 * The content checks a pull request must pass, as pure functions over one note's text.
 * Each problem says where (line) and what to do; the test suite adds the file name.
 */
import { LineCounter, parseDocument } from 'yaml';
import { lintFor } from 'autocorrect-node';
import { z } from 'astro/zod';
import { docsSchema } from '@astrojs/starlight/schema';
import { noteFields } from '../schema.ts';
import { countChineseChars, findFences, proseOf, splitFrontmatter } from './markdown.ts';

export interface Problem {
	line: number;
	message: string;
}

// Starlight's schema needs an image() helper from Astro; notes don't use images in frontmatter
// in a way these checks care about, so a string stands in for it.
const schema = docsSchema({ extend: noteFields })({ image: () => z.string() } as never);

/** Frontmatter: present, valid YAML, and valid against the same schema the build uses. */
export function checkFrontmatter(source: string): Problem[] {
	const fm = splitFrontmatter(source);
	if (fm.bodyStart === 0) return [{ line: 1, message: '缺少 frontmatter：文件必须以 --- 开头的 YAML 块开始（title、description、tags）' }];
	const lineCounter = new LineCounter();
	const doc = parseDocument(fm.yaml, { lineCounter, prettyErrors: false });
	if (doc.errors.length > 0) {
		return doc.errors.map((e) => ({
			line: fm.firstLine - 1 + (e.linePos?.[0].line ?? 1),
			message: `frontmatter 不是合法的 YAML：${e.message.split('\n')[0]}`,
		}));
	}
	const result = schema.safeParse(doc.toJS() ?? {});
	if (result.success) return [];
	return result.error.issues.map((issue) => {
		const field = issue.path.join('.');
		const node = doc.getIn(issue.path, true) as { range?: [number, number] } | undefined;
		const offset = node?.range?.[0];
		const line = offset === undefined ? fm.firstLine : fm.firstLine - 1 + lineCounter.linePos(offset).line;
		return { line, message: `frontmatter 字段 "${field || '(根)'}"：${issue.message}` };
	});
}

/** Every code fence names its language, so it is highlighted and readers know what it is. */
export function checkFences(source: string): Problem[] {
	return findFences(source).flatMap((fence) => [
		...(fence.lang ? [] : [{ line: fence.line, message: '代码块没有标注语言：在 ``` 后写上语言，例如 ```bash、```yaml、```text' }]),
		...(fence.closed ? [] : [{ line: fence.line, message: '代码块没有结束的 ```' }]),
	]);
}

const PLACEHOLDERS = /\bTODO\b|\bTBD\b|\bFIXME\b|待补充|待完善|敬请期待|正在编写|即将推出|coming soon|lorem ipsum|\blorem\b/i;
/** The Chinese markers (the `npm run new` template's) are placeholders in code blocks too. */
const CODE_PLACEHOLDERS = /待补充|待完善|敬请期待/;

/** No placeholder text; in code only the Chinese markers count (code may well say TODO). */
export function checkPlaceholders(source: string): Problem[] {
	const prose = proseOf(source).split('\n');
	return source.split(/\r?\n/).flatMap((line, index) => {
		const hit = PLACEHOLDERS.exec(prose[index] ?? '') ?? CODE_PLACEHOLDERS.exec(line);
		return hit ? [{ line: index + 1, message: `占位文字 "${hit[0]}"：发布的笔记不能有未完成的内容` }] : [];
	});
}

/** Chinese copywriting rules (spacing between CJK and Latin, full-width punctuation), via AutoCorrect. */
export function checkTypography(source: string, filePath: string): Problem[] {
	const result = lintFor(source, filePath);
	if (result.error) return [{ line: 1, message: `AutoCorrect 无法检查：${result.error}` }];
	return result.lines.map((l) => ({ line: l.l, message: `中文排版：应为 “${l.new.trim()}”（运行 npx autocorrect --fix <文件> 自动修正）` }));
}

export interface NoteRules {
	lang: 'zh' | 'en';
	/** The site's home pages are not notes: no tags, sections or size rules. */
	isHome: boolean;
	minChineseChars: number;
	minCodeBlocks: number;
}

/** The structure every note must have (content plan, "What every note must have"). */
export function checkStructure(source: string, rules: NoteRules): Problem[] {
	if (rules.isHome) return [];
	const problems: Problem[] = [];
	const headings = proseOf(source)
		.split('\n')
		.map((text, index) => ({ text: text.trim(), line: index + 1 }))
		.filter((h) => /^##\s/.test(h.text));
	const refs = rules.lang === 'zh' ? '## 参考' : '## References';
	const last = headings.at(-1);
	if (!last || last.text !== refs) {
		problems.push({ line: last?.line ?? 1, message: `最后一节必须是 "${refs}"，列出核对过的官方文档链接` });
	}
	const fm = splitFrontmatter(source);
	const tags = (parseDocument(fm.yaml).toJS() as { tags?: unknown[] } | null)?.tags;
	if (!Array.isArray(tags) || tags.length === 0) {
		problems.push({ line: fm.firstLine, message: 'frontmatter 字段 "tags"：至少要有一个标签（见 src/tags.ts）' });
	}
	if (rules.lang === 'zh') {
		const chars = countChineseChars(source);
		if (chars < rules.minChineseChars) {
			problems.push({ line: 1, message: `正文太短：${chars} 个汉字（不含代码），至少需要 ${rules.minChineseChars} 个` });
		}
	}
	const blocks = findFences(source).filter((f) => f.lang !== 'mermaid').length;
	if (blocks < rules.minCodeBlocks) {
		problems.push({ line: 1, message: `代码块太少：${blocks} 个，至少需要 ${rules.minCodeBlocks} 个（命令、配置或输出）` });
	}
	return problems;
}
