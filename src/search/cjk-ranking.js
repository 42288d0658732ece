// @ts-check
/**
 * Exact-phrase-first ranking for Chinese queries, shipped to the browser next to Pagefind.
 *
 * Pagefind segments Chinese with a dictionary and ranks pages by the segments alone, so for
 * 容器运行时 (容器|运行|时) a page that merely has 容器 here and 时 there can outrank the page
 * about container runtimes, and the lone 时 matches almost everything. Pagefind can also match
 * a quoted exact phrase, but gives every such match the same score. Together they make a good
 * ranking: pages containing each Chinese phrase of the query come first, in Pagefind's order.
 */

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}/g;

/**
 * The Chinese phrases of a query worth matching exactly: runs of two or more Han characters,
 * outside any quotes the reader typed.
 * @param {string} query
 * @returns {string[]}
 */
export function cjkPhrases(query) {
	const unquoted = query.replace(/"[^"]*"/g, ' ');
	return [...new Set(unquoted.match(CJK_RUN) ?? [])];
}

/**
 * Orders results so pages that contain every phrase come first (in Pagefind's scored order),
 * then phrase matches Pagefind's scoring missed, then the rest.
 * @template {{ id: string }} R
 * @param {R[]} scored Pagefind's results for the query as typed.
 * @param {R[][]} phraseResults Pagefind's results for each phrase, quoted.
 * @returns {R[]}
 */
export function phraseFirst(scored, phraseResults) {
	if (phraseResults.length === 0) return scored;
	const [first, ...rest] = phraseResults;
	const restIds = rest.map((list) => new Set(list.map((r) => r.id)));
	const exact = first.filter((r) => restIds.every((ids) => ids.has(r.id)));
	const exactIds = new Set(exact.map((r) => r.id));
	const scoredIds = new Set(scored.map((r) => r.id));
	return [
		...scored.filter((r) => exactIds.has(r.id)),
		...exact.filter((r) => !scoredIds.has(r.id)),
		...scored.filter((r) => !exactIds.has(r.id)),
	];
}
