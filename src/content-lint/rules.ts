/**
 * Which rules apply to which note: size minimums from the content issues (index pages 600
 * Chinese characters, Part Ⅵ notes 1,200, other notes 1,500, the small sub-notes and tool notes
 * the issues name 800; hubs need no code blocks).
 */
import type { NoteRules } from './checks.ts';

/** Notes that are hubs of links and summaries rather than how-tos: no minimum of code blocks. */
const HUBS = new Set(['data/index.mdx']);
/** Notes whose minimum the content issues set at 800: the CI/CD and basics indexes, the Nexus sub-notes (issue 8), the small tool notes (issue 10). */
const SMALL_NOTES = new Set([
	'cicd/index.mdx',
	'cicd/nexus-config.mdx',
	'cicd/nexus-orientdb.mdx',
	'cicd/nexus-smtp.mdx',
	'cicd/nexus-repositories.mdx',
	'cicd/nexus-backup.mdx',
	'cicd/nexus-api.mdx',
	'basics/index.mdx',
	'basics/bark.mdx',
	'basics/netboot-xyz.mdx',
]);
/** Parts whose single index page is the part's only full note. */
const FULL_NOTE_INDEXES = new Set(['hackintosh/index.mdx']);

/** Rules for a note, given its path under content/ (e.g. `kubernetes/dns.mdx`). */
export function rulesFor(contentPath: string): NoteRules {
	const lang = contentPath.startsWith('en/') ? 'en' : 'zh';
	const path = lang === 'en' ? contentPath.slice(3) : contentPath;
	const isHome = path === 'index.mdx';
	const isIndex = path.endsWith('/index.mdx');
	const part = path.split('/')[0];
	let minChineseChars = part === 'basics' ? 1200 : 1500;
	if (isIndex && !FULL_NOTE_INDEXES.has(path)) minChineseChars = 600;
	else if (FULL_NOTE_INDEXES.has(path)) minChineseChars = 1200;
	if (SMALL_NOTES.has(path)) minChineseChars = 800;
	return { lang, isHome, minChineseChars, minCodeBlocks: HUBS.has(path) ? 0 : 2 };
}
