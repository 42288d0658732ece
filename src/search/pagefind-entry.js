// @ts-nocheck: runs in the browser beside Pagefind's own files, as dist/pagefind/pagefind.js.
/**
 * Stands in for Pagefind's pagefind.js (renamed pagefind-core.js at build time) so that
 * Starlight's search box, which imports pagefind.js, gets Chinese results ranked phrase first.
 * Everything but search and debouncedSearch (and the folder it tells Pagefind it is in) is
 * Pagefind's own.
 */
import * as core from './pagefind-core.js';
import { cjkPhrases, phraseFirst } from './cjk-ranking.js';

export * from './pagefind-core.js';

/**
 * Pagefind finds its index next to itself by matching its own URL against /pagefind.js$/. As
 * pagefind-core.js it no longer matches and falls back to /pagefind/, which is wrong when the site
 * is served under a base path (/ops-notes/pagefind/): give it its folder, unless a caller does.
 */
const basePath = new URL('./', import.meta.url).pathname;
core.options({ basePath });

export async function options(opts) {
	return core.options({ basePath, ...opts });
}

export function createInstance(opts) {
	return core.createInstance({ basePath, ...opts });
}

async function rerank(term, options, result) {
	const phrases = cjkPhrases(term ?? '');
	if (!result || !Array.isArray(result.results) || phrases.length === 0) return result;
	const exact = await Promise.all(phrases.map((p) => core.search(`"${p}"`, options)));
	return { ...result, results: phraseFirst(result.results, exact.map((r) => r?.results ?? [])) };
}

export async function search(term, options) {
	return rerank(term, options, await core.search(term, options));
}

export async function debouncedSearch(term, options, debounceTimeoutMs) {
	const result = await core.debouncedSearch(term, options, debounceTimeoutMs);
	// null means a newer search superseded this one.
	return result === null ? null : rerank(term, options, result);
}
