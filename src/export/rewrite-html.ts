/**
 * One page of the build, rewritten for reading from disk: URLs relative (toDiskUrl), links that
 * name the online site's own address removed (canonical, alternates, sitemap, og:url), module
 * scripts swapped for the classic bundles the export makes of them (browsers refuse modules on
 * file://), and Astro's island loader replaced by the export's own.
 */
import { rootPrefix, toDiskUrl } from './relative-urls.ts';

const URL_ATTRIBUTES = /(\s(?:href|src|component-url|renderer-url|poster|action)=)("([^"]*)"|'([^']*)')/g;
const SRCSET = /(\ssrcset=)"([^"]*)"/g;

export interface ScriptRefs {
	/** The classic bundle (path from the export root) standing in for a page's module scripts, in order. */
	forPage: (scripts: ({ src: string } | { code: string })[]) => string;
}

export function rewriteHtml(html: string, file: string, base: string, scripts: ScriptRefs): string {
	const root = rootPrefix(file);
	let out = html
		// Addresses of the online site: meaningless (and another origin) on disk.
		.replace(/<link rel="(?:canonical|alternate|sitemap)"[^>]*>/g, '')
		.replace(/<meta property="og:url"[^>]*>/g, '')
		// Astro's island loader imports each widget as a module, which file:// refuses; the
		// export's islands bundle hydrates them instead.
		.replace(/<script>(?:(?!<\/script>)[\s\S])*customElements\.define\("astro-island"(?:(?!<\/script>)[\s\S])*<\/script>/g, '');
	// Every module script of the page, in order, becomes one classic bundle loaded where the first was.
	const modules: ({ src: string } | { code: string })[] = [];
	let first = true;
	out = out.replace(/<script type="module"(?: src="([^"]+)">|>([\s\S]*?))<\/script>/g, (_, src?: string, code?: string) => {
		// Starlight's search loads Pagefind with import(), refused on disk: the export brings its own search.
		if (src && /\/Search\.astro_astro_type_script/.test(src)) return '';
		modules.push(src !== undefined ? { src } : { code: code ?? '' });
		const placeholder = first ? '<!--export:modules-->' : '';
		first = false;
		return placeholder;
	});
	if (modules.length > 0) out = out.replace('<!--export:modules-->', `<script defer src="${root}${scripts.forPage(modules)}"></script>`);
	out = out.replace(URL_ATTRIBUTES, (whole, attr: string, _q, dq?: string, sq?: string) => {
		const value = dq ?? sq ?? '';
		// Entities in attributes (&amp;) are kept as written; only the URL's path changes.
		const rewritten = toDiskUrl(value.replace(/&amp;/g, '&'), file, base).replace(/&/g, '&amp;');
		return `${attr}"${rewritten}"`;
	});
	// The language menu's options are page paths too.
	out = out.replace(/(<option\b[^>]*\svalue=)"(\/[^"]*)"/g, (_, attr: string, value: string) => `${attr}"${toDiskUrl(value, file, base)}"`);
	out = out.replace(SRCSET, (_, attr: string, value: string) => {
		const parts = value.split(',').map((p) => {
			const [url, ...descriptor] = p.trim().split(/\s+/);
			return [toDiskUrl(url, file, base), ...descriptor].join(' ');
		});
		return `${attr}"${parts.join(', ')}"`;
	});
	// Where the export's scripts find the root (search index, islands bundle) from this page.
	return out.replace(/<html([^>]*)>/, `<html$1 data-export-root="${root}">`);
}

/** `url(...)` references in a stylesheet at `file`, made relative. */
export function rewriteCss(css: string, file: string, base: string): string {
	return css.replace(/url\((["']?)([^"')]+)\1\)/g, (whole, quote: string, url: string) => {
		if (url.startsWith('data:')) return whole;
		return `url(${quote}${toDiskUrl(url, file, base)}${quote})`;
	});
}
