/** The built site in Chromium, as a reader meets it. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PARTS, partLabel } from '../../src/parts.ts';
import { hasBrowser, launch, openPage, serve, type Watched, watchedContext } from './harness.ts';

/** A note with a ```mermaid fence (the observability index draws the pipeline). */
const DIAGRAM_PAGE = 'observability/';

describe.skipIf(!hasBrowser)('the built site in Chromium', () => {
	let site: Awaited<ReturnType<typeof serve>>;
	let browser: Browser;
	let watched: Watched;

	beforeAll(async () => {
		site = await serve();
		browser = await launch();
		watched = await watchedContext(browser);
	});
	afterAll(async () => {
		await browser?.close();
		await site?.close();
	});

	const open = (path: string): Promise<Page> => openPage(watched, site.url, path);

	test('the home page shows every part in the sidebar, in order', async () => {
		const page = await open('');
		await expect(page.title()).resolves.toContain('运维笔记');
		const groups = await page.locator('#starlight__sidebar details > summary').allInnerTexts();
		expect(groups.map((g) => g.trim())).toEqual(PARTS.map((p) => partLabel(p, 'zh')));
		// The part cards link to every part.
		expect(await page.locator('.part-cards a').count()).toBe(PARTS.length);
		await page.close();
	});

	test('a part’s group opens on its pages and lists its overview', async () => {
		const page = await open('kubernetes/');
		const current = page.locator('#starlight__sidebar a[aria-current="page"]');
		await expect(current.innerText()).resolves.toBe('概览');
		await page.close();
	});

	test('a note shows its last commit date and links to its source file for editing', async () => {
		const page = await open('kubernetes/');
		const datetime = await page.locator('footer time[datetime]').getAttribute('datetime');
		expect(Date.parse(datetime!)).toBeGreaterThan(Date.parse('2026-01-01'));
		const edit = await page.locator('footer a[href*="/edit/"]').getAttribute('href');
		expect(edit).toMatch(/\/edit\/main\/content\/kubernetes\/index\.mdx$/);
		await page.close();
	});

	test('Chinese search from the search dialog returns hits', async () => {
		const page = await open('');
		await page.locator('site-search button[data-open-modal]').click();
		const input = page.locator('.pagefind-ui__search-input');
		await input.fill('机器人账号');
		// Each result is a page, with its matching sections as sub-results below it.
		const results = page.locator('.pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title > a');
		await results.first().waitFor({ timeout: 15_000 });
		const hrefs = await results.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
		expect(hrefs.length).toBeGreaterThan(0);
		expect(hrefs.slice(0, 3)).toContain('/cicd/harbor/');
		// The dialog speaks Chinese, and tag chips stay out of the excerpts.
		await expect(page.locator('.pagefind-ui__message').innerText()).resolves.toMatch(/^找到 \d+ 篇与“机器人账号”相关的笔记$/);
		const excerpts = await page.locator('.pagefind-ui__result-excerpt').allInnerTexts();
		expect(excerpts.join('\n')).not.toMatch(/制品与镜像仓库\.\s/);
		await page.close();
	});

	test('the theme toggle switches to dark and the choice survives a reload', async () => {
		const page = await open('kubernetes/');
		await page.locator('starlight-theme-select select').first().selectOption('dark');
		await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
		const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		await page.reload();
		await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
		await page.locator('starlight-theme-select select').first().selectOption('light');
		await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('light');
		const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		expect(lightBg).not.toBe(darkBg);
		await page.close();
	});

	test('a mermaid fence shows as an SVG drawn for the light theme, and for the dark theme after the toggle', async () => {
		const page = await open(DIAGRAM_PAGE);
		const select = page.locator('starlight-theme-select select').first();
		const figure = page.locator('.mermaid-diagram').first();
		const light = figure.locator('.mermaid-light svg');
		const dark = figure.locator('.mermaid-dark svg');
		await select.selectOption('light');
		await expect(light.isVisible()).resolves.toBe(true);
		await expect(dark.isVisible()).resolves.toBe(false);
		const box = await light.boundingBox();
		expect(box!.width).toBeGreaterThan(100);
		expect(box!.height).toBeGreaterThan(50);

		await select.selectOption('dark');
		await expect(dark.isVisible()).resolves.toBe(true);
		await expect(light.isVisible()).resolves.toBe(false);
		// Drawn in mermaid's dark theme, not the light drawing recoloured.
		const fills = await Promise.all(
			[light, dark].map((svg) => svg.evaluate((el) => getComputedStyle(el.querySelector('.node rect, .node polygon, .node path')!).fill)),
		);
		expect(fills[0]).not.toBe(fills[1]);
		await select.selectOption('light');
		await page.close();
	});

	test('with JavaScript off, a diagram is still drawn and its mermaid source is one click away', async () => {
		const noJs = await watchedContext(browser, { javaScriptEnabled: false });
		const page = await noJs.newPage();
		await page.goto(site.url + DIAGRAM_PAGE);
		const figure = page.locator('.mermaid-diagram').first();
		// Without JavaScript, Starlight shows its default (dark) theme, and the matching drawing.
		const theme = await page.locator('html').getAttribute('data-theme');
		await expect(figure.locator(`.mermaid-${theme} svg`).isVisible()).resolves.toBe(true);
		await expect(figure.locator(`.mermaid-${theme === 'dark' ? 'light' : 'dark'} svg`).isVisible()).resolves.toBe(false);
		await figure.locator('details.mermaid-code summary').click();
		await expect(figure.locator('details.mermaid-code pre').innerText()).resolves.toMatch(/^(flowchart|graph|sequenceDiagram)/m);
		expect(noJs.offsite).toEqual([]);
		await noJs.context.close();
	});

	test('the tags index lists notes under each tag', async () => {
		const page = await open('tags/');
		const kubernetes = page.locator('section:has(h2#kubernetes) li a');
		expect(await kubernetes.count()).toBeGreaterThan(0);
		await kubernetes.first().click();
		await page.waitForLoadState();
		expect(new URL(page.url()).pathname).not.toBe('/tags/');
		await page.close();
	});

	test('English pages: the home in English, and a note without a translation falls back with a notice', async () => {
		const page = await open('en/');
		await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
		const groups = await page.locator('#starlight__sidebar details > summary').allInnerTexts();
		expect(groups.map((g) => g.trim())).toEqual(PARTS.map((p) => partLabel(p, 'en')));
		await page.goto(`${site.url}en/kubernetes/`);
		await expect(page.locator('.sl-markdown-content').first().innerText()).resolves.toMatch(/[\u4e00-\u9fff]/);
		await expect(page.getByText('This content is not available in your language yet.').count()).resolves.toBe(1);
		await page.close();
	});

	test('no page made a request outside 127.0.0.1 and none logged an error', () => {
		expect(watched.offsite).toEqual([]);
		expect(watched.errors).toEqual([]);
	});
});
