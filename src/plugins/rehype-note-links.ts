/**
 * Lets a note link to another note by its file (`./install.mdx`, `../basics/linux.mdx#网络`),
 * which also works when browsing the repository, and rewrites the link to the page's URL,
 * relative to the current page. A link to a file that does not exist fails here, with the line
 * and the link as written; anchors and URL-style links are checked after the build.
 */
import type { Element, Root } from 'hast';
import { existsSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { visit } from 'unist-util-visit';
import { notePathToUrl, relativeUrl } from '../links/page-paths.ts';

const NOTE_FILE_LINK = /^(?![a-z][a-z0-9+.-]*:|\/\/|\/|#)([^?#]*\.mdx?)(#.*)?$/i;

/** The note file (relative to content/) a link written in `notePath` points at, if it is a note link. */
export function linkedNote(notePath: string, href: string): string | undefined {
	const match = NOTE_FILE_LINK.exec(href);
	return match ? posix.normalize(posix.join(posix.dirname(notePath), decodeURI(match[1]))) : undefined;
}

/** Rewrites one href written in `notePath` (relative to content/); other hrefs come back unchanged. */
export function rewriteNoteHref(notePath: string, href: string): string {
	const target = linkedNote(notePath, href);
	if (!target) return href;
	return relativeUrl(notePathToUrl(notePath), notePathToUrl(target)) + (NOTE_FILE_LINK.exec(href)![2] ?? '');
}

/** An English page may link to a note that only exists in Chinese: it is served as a fallback. */
function noteExists(contentDir: string, target: string): boolean {
	return existsSync(join(contentDir, target)) || (target.startsWith('en/') && existsSync(join(contentDir, target.slice(3))));
}

interface VFileLike {
	path?: string;
	fail(reason: string, place?: unknown): never;
}

export function rehypeNoteLinks({ contentDir }: { contentDir: string }) {
	return (tree: Root, file: VFileLike) => {
		if (!file.path) return;
		const notePath = relative(contentDir, file.path).split('\\').join('/');
		if (notePath.startsWith('..')) return;
		visit(tree, 'element', (node: Element) => {
			if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
			const href = node.properties.href;
			const target = linkedNote(notePath, href);
			if (target && !noteExists(contentDir, target)) {
				file.fail(`链接的笔记不存在（broken link）："${href}" → content/${target}`, node.position);
			}
			node.properties.href = rewriteNoteHref(notePath, href);
		});
	};
}
