/** What the widgets' Astro wrappers need from the page they are on. */
import { fnv32a } from '../../src/k8s/names.ts';
import { relativeUrl } from '../../src/links/page-paths.ts';
import type { Lang } from './i18n.ts';

/** The page's language, from Starlight's route data (English pages live under /en/). */
export function widgetLang(locals: unknown): Lang {
	const route = (locals as { starlightRoute?: { locale?: string } } | undefined)?.starlightRoute;
	return route?.locale === 'en' ? 'en' : 'zh';
}

/**
 * A stable element id for a widget: from its content, so the same page builds the same HTML, and
 * numbered when one page shows the same widget twice (counted per page, in its `locals`).
 */
export function widgetId(locals: object, prefix: string, content: string): string {
	const page = locals as { widgetIds?: Map<string, number> };
	const used = (page.widgetIds ??= new Map());
	const base = `${prefix}-${fnv32a(content).toString(36)}`;
	const n = (used.get(base) ?? 0) + 1;
	used.set(base, n);
	return n === 1 ? base : `${base}-${n}`;
}

/** The explorer page for the page's language, as a link relative to `pagePath` (so it works from disk too). */
export function explorerLink(pagePath: string, base: string, lang: Lang): string {
	const root = base.endsWith('/') ? base : `${base}/`;
	const dir = pagePath.endsWith('/') ? pagePath : `${pagePath}/`;
	return relativeUrl(dir, `${root}${lang === 'en' ? 'en/' : ''}tools/service-explorer`);
}
