/**
 * Finds the internal links in built pages that lead nowhere: a page that was not built, or a
 * `#fragment` with no element of that id. Pure: takes the pages as text, returns the problems.
 */
import { ELEMENT_NODE, parse, walkSync } from 'ultrahtml';

export interface BuiltPage {
	/** URL path of the page, with a trailing slash for directory pages (`/kubernetes/dns/`). */
	url: string;
	html: string;
}

export interface BrokenLink {
	page: string;
	href: string;
	resolved: string;
	reason: 'no such page' | 'no such anchor';
}

interface PageFacts {
	links: string[];
	ids: Set<string>;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function factsOf(html: string): PageFacts {
	const links: string[] = [];
	const ids = new Set<string>();
	walkSync(parse(html), (node) => {
		if (node.type !== ELEMENT_NODE) return;
		const attrs = node.attributes as Record<string, string>;
		if (attrs.id) ids.add(attrs.id);
		if (node.name === 'a' && attrs.name) ids.add(attrs.name);
		if (node.name === 'a' && attrs.href !== undefined) links.push(attrs.href);
	});
	return { links, ids };
}

function decode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/**
 * `assets` are URL paths of non-HTML files in the build (pagefind, images, downloads), which a
 * link may also point at.
 */
export function findBrokenLinks(pages: BuiltPage[], assets: Iterable<string> = []): BrokenLink[] {
	const facts = new Map(pages.map((p) => [p.url, factsOf(p.html)]));
	const files = new Set(assets);
	const broken: BrokenLink[] = [];
	for (const page of pages) {
		for (const href of facts.get(page.url)!.links) {
			if (href === '' || EXTERNAL.test(href)) continue;
			const url = new URL(href, `http://site${page.url}`);
			const path = decode(url.pathname);
			const hash = decode(url.hash.slice(1));
			const target = facts.get(path) ?? facts.get(`${path}/`) ?? facts.get(path.replace(/index\.html$/, ''));
			if (!target) {
				if (!files.has(path)) broken.push({ page: page.url, href, resolved: path, reason: 'no such page' });
				continue;
			}
			// "#" and Starlight's "#_top" jump to the top of the page, which always exists; a
			// "#key=value" fragment is state for the page's script (the explorer's manifest), not an id.
			if (hash && hash !== '_top' && !/^[\w-]+=/.test(url.hash.slice(1)) && !target.ids.has(hash)) {
				broken.push({ page: page.url, href, resolved: `${path}#${hash}`, reason: 'no such anchor' });
			}
		}
	}
	return broken;
}
