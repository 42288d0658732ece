/**
 * The basics notes' widgets on the built site, in Chromium: the regex tester on the regex note and
 * the subnet calculator on the iptables note show their example's result without JavaScript,
 * recompute on edits, stop a catastrophically backtracking pattern instead of freezing the page,
 * say what is wrong with bad input, and keep hostile text as text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { distDir, hasBrowser, launch, openPage, serve, type Watched, watchedContext } from './harness.ts';

const REGEX = 'basics/regex/';
const IPTABLES = 'basics/iptables/';

describe.skipIf(!hasBrowser)('basics widgets in Chromium', () => {
	let site: Awaited<ReturnType<typeof serve>>;
	let browser: Browser;
	let watched: Watched;

	beforeAll(async () => {
		site = await serve();
		browser = await launch();
		watched = await watchedContext(browser);
	});
	afterAll(async () => {
		expect(watched.errors, 'no console errors').toEqual([]);
		expect(watched.offsite, 'no request leaves the site').toEqual([]);
		await browser?.close();
		await site?.close();
	});

	async function hydrated(path: string, widget: string): Promise<[Page, ReturnType<Page['locator']>]> {
		const page = await openPage(watched, site.url, path);
		const root = page.locator(`[data-widget=${widget}]`).first();
		await root.scrollIntoViewIfNeeded();
		await page.locator(`[data-widget=${widget}][data-hydrated]`).first().waitFor();
		return [page, root];
	}

	test('the regex note shows its example’s matches in the HTML, before any script runs', () => {
		const html = readFileSync(join(distDir, REGEX, 'index.html'), 'utf8');
		expect(html).toContain('data-widget="regex-tester"');
		expect(html).toMatch(/<mark[^>]*>[^<]+<\/mark>/);
		expect(html).toMatch(/\d+\+? 处匹配/);
	});

	test('editing the pattern and the text recomputes the matches and groups', async () => {
		const [page, w] = await hydrated(REGEX, 'regex-tester');
		await w.locator('textarea').fill('GET /api 200\nPOST /login 500\nGET / 404');
		await w.locator('.rxt-pattern input').fill(String.raw`(?<method>[A-Z]+) (?<path>\S+) (?<status>[45]\d\d)`);
		await expect.poll(() => w.locator('.svx-status').textContent()).toMatch(/^2 处匹配/);
		await expect.poll(() => w.locator('mark').allTextContents()).toEqual(['POST /login 500', 'GET / 404']);
		expect(await w.locator('tbody tr').first().textContent()).toMatch(/\$3 status\s*500/);
		await page.close();
	});

	test('a catastrophically backtracking pattern is stopped with a message; the page stays usable', async () => {
		const [page, w] = await hydrated(REGEX, 'regex-tester');
		await w.locator('textarea').fill(`${'a'.repeat(34)}b`);
		await w.locator('.rxt-pattern input').fill('^(a+)+$');
		await expect.poll(() => w.locator('.svx-error').textContent(), { timeout: 5000 }).toContain('灾难性回溯');
		// The main thread never froze: the page answers at once, and the next pattern runs.
		expect(await page.evaluate(() => 1 + 1)).toBe(2);
		await w.locator('.rxt-pattern input').fill('a{3}');
		await expect.poll(() => w.locator('.svx-status').textContent()).toMatch(/^11 处匹配/);
		await page.close();
	});

	test('an invalid pattern says why; markup typed in stays text', async () => {
		const [page, w] = await hydrated(REGEX, 'regex-tester');
		await w.locator('.rxt-pattern input').fill('(unclosed');
		await expect.poll(() => w.locator('.svx-error').textContent()).toMatch(/^表达式无效：/);
		await w.locator('.rxt-pattern input').fill('<img[^>]*>');
		await w.locator('textarea').fill('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
		await expect.poll(() => w.locator('mark').count()).toBe(1);
		expect(await w.locator('img, script').count()).toBe(0);
		expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
		await page.close();
	});

	test('the iptables note’s subnet calculator is computed in the HTML and live when edited', async () => {
		const html = readFileSync(join(distDir, IPTABLES, 'index.html'), 'utf8');
		expect(html).toContain('data-widget="cidr-calculator"');
		expect(html).toMatch(/子网掩码/);
		const [page, w] = await hydrated(IPTABLES, 'cidr-calculator');
		const input = w.locator('input[type=text]').first();
		await input.fill('192.168.10.77/26');
		await expect.poll(() => w.locator('table').first().textContent()).toContain('192.168.10.64/26');
		const table = (await w.locator('table').first().textContent()) ?? '';
		expect(table).toContain('255.255.255.192');
		expect(table).toContain('192.168.10.127');
		expect(table).toContain('192.168.10.65 – 192.168.10.126');
		await expect.poll(() => w.locator('.svx-note').first().textContent()).toContain('主机位不全为 0');
		await input.fill('192.168.10.77/33');
		await expect.poll(() => w.locator('.svx-error').first().textContent()).toContain('0–32');
		await input.fill('<b>x</b>');
		await expect.poll(() => w.locator('.svx-error').first().textContent()).toContain('不是 IP 地址');
		expect(await w.locator('b').count()).toBe(0);
		const range = w.locator('input[type=text]').last();
		await range.fill('10.0.0.5-10.0.0.20');
		await expect.poll(() => w.locator('.cidr-list').last().textContent()).toBe('10.0.0.5/32\n10.0.0.6/31\n10.0.0.8/29\n10.0.0.16/30\n10.0.0.20/32');
		await page.close();
	});

	test('on a phone the widgets wrap or scroll inside themselves, never widen the page', async () => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		for (const path of [REGEX, IPTABLES]) {
			await page.goto(site.url + path);
			await page.locator('[data-widget]').first().scrollIntoViewIfNeeded();
			expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
		}
		await context.close();
	});
});
