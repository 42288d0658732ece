import { TAGS, TAG_IDS, type TagId } from '../tags.ts';

export interface IndexedNote {
	/** Collection id: `kubernetes/dns`, `en/kubernetes/dns`, `kubernetes` for a part index. */
	id: string;
	title: string;
	description: string;
	tags: readonly string[];
}

export interface TagGroup {
	tag: TagId;
	label: string;
	notes: { slug: string; title: string; description: string }[];
}

/**
 * Notes per tag for one locale, in the order of the tag list. English lists every note, in its
 * English version where one exists (the rest open as Starlight's fallback pages).
 */
export function groupByTag(entries: readonly IndexedNote[], lang: 'zh' | 'en'): TagGroup[] {
	const zh = entries.filter((e) => !e.id.startsWith('en/') && e.id !== 'en' && e.id !== 'index');
	const en = new Map(entries.filter((e) => e.id.startsWith('en/')).map((e) => [e.id.slice(3), e]));
	const shown = zh.map((note) => (lang === 'en' ? { slug: note.id, note: en.get(note.id) ?? note, tags: note.tags } : { slug: note.id, note, tags: note.tags }));
	return TAG_IDS.map((tag) => ({
		tag,
		label: TAGS[tag][lang],
		notes: shown
			.filter((s) => s.tags.includes(tag))
			.map((s) => ({ slug: s.slug, title: s.note.title, description: s.note.description }))
			.sort((a, b) => a.slug.localeCompare(b.slug)),
	})).filter((g) => g.notes.length > 0);
}
