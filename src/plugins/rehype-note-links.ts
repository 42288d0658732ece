/**
 * Lets a note link to another note by its file (`./install.mdx`, `../basics/linux.mdx#网络`),
 * which also works when browsing the repository, and rewrites the link to the page's URL,
 * relative to the current page. A missing target is left for the post-build link check to name.
 */
import type { Element, Root } from 'hast';
import { posix, relative } from 'node:path';
import { visit } from 'unist-util-visit';
import { notePathToUrl, relativeUrl } from '../links/page-paths.ts';

const NOTE_FILE_LINK = /^(?![a-z][a-z0-9+.-]*:|\/\/|\/|#)([^?#]*\.mdx?)(#.*)?$/i;

/** Rewrites one href written in `notePath` (relative to content/); other hrefs come back unchanged. */
export function rewriteNoteHref(notePath: string, href: string): string {
	const match = NOTE_FILE_LINK.exec(href);
	if (!match) return href;
	const target = posix.normalize(posix.join(posix.dirname(notePath), match[1]));
	return relativeUrl(notePathToUrl(notePath), notePathToUrl(target)) + (match[2] ?? '');
}

export function rehypeNoteLinks({ contentDir }: { contentDir: string }) {
	return (tree: Root, file: { path?: string }) => {
		if (!file.path) return;
		const notePath = relative(contentDir, file.path).split('\\').join('/');
		if (notePath.startsWith('..')) return;
		visit(tree, 'element', (node: Element) => {
			if (node.tagName === 'a' && typeof node.properties.href === 'string') {
				node.properties.href = rewriteNoteHref(notePath, node.properties.href);
			}
		});
	};
}
