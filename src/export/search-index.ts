/**
 * The export's search index: each page's title and text, as a classic script that defines a
 * global (a page on file:// may load a script, but not fetch a file). Chinese needs no word
 * splitting for this: the search looks for the query as a substring, as a reader expects.
 */
export interface SearchEntry {
	/** The page's path from the export root (`kubernetes/dns/index.html`). */
	path: string;
	/** The page's language (`zh-CN`, `en`): a search lists the pages of the reader's language. */
	lang: string;
	title: string;
	text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
		if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
		if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
		return ENTITIES[name] ?? whole;
	});
}

/** The searchable text of a built page: its main content, without scripts, widgets' data or markup. */
export function pageEntry(html: string, path: string): SearchEntry | undefined {
	// Pages that opt out of search (data-pagefind-body absent on 404 and tag pages) are skipped the same way.
	if (!html.includes('data-pagefind-body')) return undefined;
	const title = decodeEntities(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? path).replace(/\s*\|.*$/, '');
	const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
	const text = decodeEntities(
		main
			// Diagrams (their SVG and mermaid source) and widgets are not prose.
			.replace(/<figure class="mermaid-diagram[\s\S]*?<\/figure>/g, ' ')
			.replace(/<(script|style|template|svg|astro-island)\b[\s\S]*?<\/\1>/g, ' ')
			.replace(/<[^>]+>/g, ' '),
	)
		.replace(/\s+/g, ' ')
		.trim();
	const lang = /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1] ?? '';
	return { path, lang, title, text };
}

export function searchIndexScript(entries: SearchEntry[]): string {
	// JSON is valid JavaScript; "</script" cannot end anything here, the file is loaded by src.
	return `window.__OPS_NOTES_SEARCH=${JSON.stringify(entries)};\n`;
}
