/**
 * Chinese search against the built Pagefind index, in Chromium, through Pagefind's own API (the
 * one Starlight's search box calls): every query's expected pages are in its top 3.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasBrowser, launch, serve } from './harness.ts';
import { SEARCH_CASES } from './search-queries.ts';

describe.skipIf(!hasBrowser)('Chinese search regression suite', () => {
	let site: Awaited<ReturnType<typeof serve>>;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		site = await serve();
		browser = await launch();
		page = await browser.newPage();
		await page.goto(site.url);
		// A string, so Vitest's module transform leaves this import() alone: it runs in the page.
		const base = new URL(site.url).pathname;
		await page.evaluate(`import('${base}pagefind/pagefind.js').then(async (pf) => { await pf.init(); window.__pagefind = pf; })`);
	});
	afterAll(async () => {
		await browser?.close();
		await site?.close();
	});

	async function top3(query: string): Promise<string[]> {
		return page.evaluate(async (q) => {
			const pagefind = (window as unknown as { __pagefind: { search: (q: string) => Promise<{ results: { data: () => Promise<{ url: string }> }[] }> } }).__pagefind;
			const search = await pagefind.search(q);
			const data = await Promise.all(search.results.slice(0, 3).map((r) => r.data()));
			return data.map((d) => new URL(d.url, location.href).pathname);
		}, query);
	}

	test('the suite has at least 30 Chinese queries', () => {
		expect(SEARCH_CASES.filter((c) => /[\u4e00-\u9fff]/.test(c.query)).length).toBeGreaterThanOrEqual(30);
	});

	test.each(SEARCH_CASES)('"$query" has $top3 in its top 3', async ({ query, top3: expected }) => {
		const found = await top3(query);
		for (const path of expected) expect(found, `top 3 for "${query}": ${found.join(", ")}`).toContain(path);
	});
});
