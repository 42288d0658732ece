/**
 * Builds Starlight's sidebar from the folders under content/, so a new note appears without
 * editing astro.config.mjs. Runs in Node when the config loads.
 *
 * Starlight's own `autogenerate` assumes notes live in src/content/docs/ (it strips that
 * prefix from each entry's file path to build the tree), so it cannot see our top-level
 * content/ folder; we list the notes ourselves and hand Starlight explicit slugs instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NON_PART_DIRS, PARTS, partLabel } from './parts.ts';

interface NoteMeta {
	slug: string;
	order: number;
	hidden: boolean;
}

/** The YAML frontmatter of a note, or {} when it has none or it does not parse (the schema reports that). */
export function readFrontmatter(source: string): Record<string, unknown> {
	const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
	if (!match) return {};
	try {
		const data = parse(match[1]);
		return data && typeof data === 'object' ? data : {};
	} catch {
		return {};
	}
}

function noteMeta(slug: string, source: string): NoteMeta {
	const sidebar = readFrontmatter(source).sidebar as { order?: unknown; hidden?: unknown } | undefined;
	return {
		slug,
		order: typeof sidebar?.order === 'number' ? sidebar.order : Number.MAX_SAFE_INTEGER,
		hidden: sidebar?.hidden === true,
	};
}

/** Notes of one part folder: index first, then by `sidebar.order`, then by slug. */
export function listPartNotes(contentDir: string, dir: string): NoteMeta[] {
	const folder = join(contentDir, dir);
	if (!existsSync(folder)) return [];
	return readdirSync(folder, { withFileTypes: true })
		.filter((f) => f.isFile() && /\.mdx?$/.test(f.name) && !f.name.startsWith('_'))
		.map((f) => {
			const base = f.name.replace(/\.mdx?$/, '');
			const slug = base === 'index' ? dir : `${dir}/${base}`;
			const meta = noteMeta(slug, readFileSync(join(folder, f.name), 'utf8'));
			return base === 'index' ? { ...meta, order: -Infinity } : meta;
		})
		.filter((n) => !n.hidden)
		.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

/** Folders under content/ that are neither a known part nor the English locale. */
export function unknownPartDirs(contentDir: string): string[] {
	const known = new Set(PARTS.map((p) => p.dir));
	return readdirSync(contentDir, { withFileTypes: true })
		.filter((d) => d.isDirectory() && !known.has(d.name) && !NON_PART_DIRS.has(d.name))
		.map((d) => d.name);
}

export function buildSidebar(contentDir: string) {
	const stray = unknownPartDirs(contentDir);
	if (stray.length > 0) {
		throw new Error(
			`content/ 下有未登记的目录：${stray.join(', ')}。笔记只能放在 src/parts.ts 列出的部分目录里（${PARTS.map((p) => p.dir).join(', ')}）。`,
		);
	}
	const parts = PARTS.map((part) => ({
		label: partLabel(part, 'zh'),
		translations: { en: partLabel(part, 'en') },
		collapsed: true,
		items: listPartNotes(contentDir, part.dir).map((note) =>
			note.slug === part.dir
				? { slug: note.slug, label: '概览', translations: { en: 'Overview' } }
				: { slug: note.slug },
		),
	})).filter((group) => group.items.length > 0);
	return [
		...parts,
		{ label: 'Service 浏览器', translations: { en: 'Service explorer' }, link: '/tools/service-explorer/' },
		{ label: '标签索引', translations: { en: 'Tags' }, link: '/tags/' },
	];
}
