/**
 * Line-level facts about a note's Markdown: where its frontmatter and code fences are, and its
 * prose with code taken out. A small scanner rather than a full MDX parse, so that a note with
 * broken MDX still gets every other check.
 */

export interface Fence {
	/** 1-based line of the opening fence. */
	line: number;
	/** The info string's first word (the language), '' when absent. */
	lang: string;
	/** Lines between the fences. */
	body: string;
	closed: boolean;
}

export interface Frontmatter {
	/** The YAML text, '' when there is none. */
	yaml: string;
	/** 1-based line of the YAML's first line in the file. */
	firstLine: number;
	/** 0-based index of the first line after the closing `---`. */
	bodyStart: number;
}

export function splitFrontmatter(source: string): Frontmatter {
	const lines = source.split(/\r?\n/);
	if (lines[0] !== '---') return { yaml: '', firstLine: 1, bodyStart: 0 };
	const end = lines.indexOf('---', 1);
	if (end === -1) return { yaml: '', firstLine: 1, bodyStart: 0 };
	return { yaml: lines.slice(1, end).join('\n'), firstLine: 2, bodyStart: end + 1 };
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Every fenced code block of the note body, in order (CommonMark fence rules, no indented code). */
export function findFences(source: string): Fence[] {
	const lines = source.split(/\r?\n/);
	const fences: Fence[] = [];
	let i = splitFrontmatter(source).bodyStart;
	while (i < lines.length) {
		const open = FENCE_OPEN.exec(lines[i]);
		// A backtick fence's info string may not contain backticks (that is inline code).
		if (!open || (open[2][0] === '`' && open[3].includes('`'))) {
			i++;
			continue;
		}
		const marker = open[2];
		const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
		const body: string[] = [];
		let j = i + 1;
		while (j < lines.length && !close.test(lines[j])) body.push(lines[j++]);
		fences.push({ line: i + 1, lang: open[3].trim().split(/\s+/)[0] ?? '', body: body.join('\n'), closed: j < lines.length });
		i = j + 1;
	}
	return fences;
}

/** The note body with frontmatter, fenced code, inline code, imports and HTML/JSX tags removed. */
export function proseOf(source: string): string {
	const lines = source.split(/\r?\n/);
	const inFence = new Set<number>();
	for (const fence of findFences(source)) {
		const count = fence.body === '' ? 0 : fence.body.split('\n').length;
		for (let k = fence.line - 1; k <= fence.line + count; k++) inFence.add(k);
	}
	const bodyStart = splitFrontmatter(source).bodyStart;
	// Blank rather than drop what is not prose, so line numbers still match the file.
	return lines
		.map((line, index) => (index < bodyStart || inFence.has(index) || /^(import|export)\s/.test(line) ? '' : line))
		.join('\n')
		.replace(/`[^`\n]*`/g, '')
		.replace(/<[^>\n]*>/g, '');
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

/** Chinese characters of prose, the measure the content standard uses. */
export function countChineseChars(source: string): number {
	return proseOf(source).match(HAN)?.length ?? 0;
}
