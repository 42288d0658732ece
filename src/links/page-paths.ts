/**
 * Where a note's source file is served, and back. A note `content/a/b.mdx` is the page `/a/b/`;
 * `content/a/index.mdx` is `/a/`; `content/index.mdx` is `/`.
 */
import { posix } from 'node:path';

/** The URL path (leading and trailing slash) of a note, given its path under content/. */
export function notePathToUrl(contentRelative: string): string {
	const slug = contentRelative.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '');
	return slug ? `/${slug}/` : '/';
}

/** Candidate source files (under content/) for a page URL path; English pages fall back to Chinese. */
export function urlToNoteCandidates(urlPath: string): string[] {
	const slug = urlPath.replace(/^\/|\/$/g, '');
	const own = slug ? [`${slug}.mdx`, `${slug}/index.mdx`, `${slug}.md`, `${slug}/index.md`] : ['index.mdx', 'index.md'];
	if (slug === 'en' || slug.startsWith('en/')) return [...own, ...urlToNoteCandidates(`/${slug.slice(3)}/`)];
	return own;
}

/** The link from page `fromUrl` to page `toUrl`, relative, so it survives a base path and file://. */
export function relativeUrl(fromUrl: string, toUrl: string): string {
	const rel = posix.relative(fromUrl, toUrl);
	return rel === '' ? './' : `${rel}/`;
}
