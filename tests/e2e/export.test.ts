/**
 * The offline export (npm run export), unpacked from its ZIP into a fresh folder and opened from
 * disk (file://) in Chromium: clicking from the home page into every part and back, styles
 * applied, diagrams drawn, widgets computed and interactive, Chinese search from the local
 * index, and no reference to another origin anywhere in it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unzip } from '../../src/export/zip.ts';
import { PARTS } from '../../src/parts.ts';
import { filesUnder } from '../../src/utils/files.ts';
import { hasBrowser, launch } from './harness.ts';

const project = join(import.meta.dirname, '../..');

describe('the offline export', () => {
	let folder: string;

	beforeAll(() => {
		// From the build `npm test` just made (npm run export builds first on its own).
		const run = spawnSync(process.execPath, ['scripts/export.ts', '--no-build'], { cwd: project, encoding: 'utf8' });
		expect(run.status, run.stderr).toBe(0);
		const archive = readdirSync(join(project, 'export')).find((f) => f.endsWith('.zip'))!;
		const unpacked = mkdtempSync(join(tmpdir(), 'ops-notes-export-'));
		for (const entry of unzip(readFileSync(join(project, 'export', archive)))) {
			mkdirSync(dirname(join(unpacked, entry.path)), { recursive: true });
			writeFileSync(join(unpacked, entry.path), entry.data);
		}
		folder = join(unpacked, archive.replace(/\.zip$/, ''));
	}, 120_000);

	test('nothing in it loads from another origin (every HTML, CSS and JS file scanned)', () => {
		const offenders: string[] = [];
		for (const path of filesUnder(folder)) {
			const file = relative(folder, path);
			const text = /\.(html|css|js)$/.test(path) ? readFileSync(path, 'utf8') : '';
			const refs = [
				...text.matchAll(/<(?:script|img|iframe|source|video|audio)\b[^>]*\ssrc="((?:https?:)?\/\/[^"]+)"/g),
				...text.matchAll(/<link\b[^>]*\shref="((?:https?:)?\/\/[^"]+)"/g),
				...text.matchAll(/url\(["']?((?:https?:)?\/\/[^"')]+)/g),
				...text.matchAll(/\bimport\s*\(?\s*["']((?:https?:)?\/\/[^"']+)/g),
			];
			for (const m of refs) offenders.push(`${file}: ${m[1]}`);
			// Absolute paths would point at the root of the disk.
			if (file.endsWith('.html')) for (const m of text.matchAll(/\s(?:href|src)="(\/[^/"][^"]*)"/g)) offenders.push(`${file}: ${m[1]}`);
		}
		expect(offenders).toEqual([]);
	});

	describe.skipIf(!hasBrowser)('opened from disk in Chromium', () => {
		let browser: Browser;
		const errors: string[] = [];
		const offsite: string[] = [];
		beforeAll(async () => {
			browser = await launch();
		});
		afterAll(async () => {
			await browser?.close();
		});
		async function openFile(path: string): Promise<Page> {
			const page = await browser.newPage();
			page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
			page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
			// blob: is the regex tester's worker, made in the page from its own code.
			page.on('request', (r) => !/^(file|data|blob):/.test(r.url()) && offsite.push(r.url()));
			await page.goto(pathToFileURL(join(folder, path)).href);
			return page;
		}

		test('from the home page, a click into every part and back; styles applied', async () => {
			const page = await openFile('index.html');
			// Starlight's stylesheet is applied, not just linked: its custom properties resolve.
			expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sl-color-bg').trim())).not.toBe('');
			expect(await page.evaluate(() => getComputedStyle(document.querySelector('.sidebar-pane')!).position)).not.toBe('static');
			for (const part of PARTS) {
				await page.locator(`main a[href="${part.dir}/index.html"]`).first().click();
				expect(page.url()).toBe(pathToFileURL(join(folder, part.dir, 'index.html')).href);
				expect(await page.locator('h1').first().innerText()).not.toBe('');
				await page.goBack();
			}
			await page.close();
		});

		test('the theme picker works from disk (Starlight’s scripts run as classic bundles)', async () => {
			const page = await openFile('basics/index.html');
			await page.locator('starlight-theme-select select').first().selectOption('dark');
			expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
			await page.close();
		});

		test('a topology tab says, in one line, why it cannot draw from disk and how to get the drawing', async () => {
			const page = await openFile('tools/service-explorer/index.html');
			await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
			await page.getByRole('tab', { name: '拓扑' }).click();
			await expect.poll(() => page.locator('.svx-panel[data-tab="topology"] .svx-error').innerText(), { timeout: 10000 }).toContain('python3 -m http.server');
			await page.close();
		});

		test('a diagram is drawn and a code block readable', async () => {
			const page = await openFile('observability/index.html');
			expect(await page.locator('.mermaid-light svg').first().isVisible()).toBe(true);
			expect(await page.locator('.expressive-code pre').first().isVisible()).toBe(true);
			await page.close();
		});

		test('a widget shows its computed result and recomputes on an edit', async () => {
			const page = await openFile('tools/service-explorer/index.html');
			const widget = page.locator('[data-widget="service-explorer"]');
			expect(await widget.innerText()).toContain('10.244.0.2:8080');
			await expect.poll(() => page.locator('astro-island[ssr]').count()).toBe(0);
			const text = await widget.locator('textarea').inputValue();
			await widget.locator('textarea').fill(text.replace('targetPort: http', 'targetPort: 9090'));
			await expect.poll(() => widget.locator('.svx-panel[data-tab="ports"]').innerText()).toContain('10.244.0.2:9090');
			await page.close();
		});

		test('the regex tester runs its worker from disk, and stops a runaway pattern there too', async () => {
			const page = await openFile('basics/regex/index.html');
			const widget = page.locator('[data-widget="regex-tester"]').first();
			await widget.scrollIntoViewIfNeeded();
			await page.locator('[data-widget="regex-tester"][data-hydrated]').first().waitFor();
			await widget.locator('textarea').fill('a1 b22 c333');
			await widget.locator('.rxt-pattern input').fill(String.raw`\d+`);
			await expect.poll(() => widget.locator('.svx-status').textContent()).toMatch(/^3 处匹配/);
			await widget.locator('textarea').fill(`${'a'.repeat(34)}b`);
			await widget.locator('.rxt-pattern input').fill('^(a+)+$');
			await expect.poll(() => widget.locator('.svx-error').textContent(), { timeout: 6000 }).toContain('灾难性回溯');
			await page.close();
		});

		test('search finds a Chinese word in the local index and the hit opens', async () => {
			const page = await openFile('index.html');
			await page.locator('site-search [data-open-modal]').first().click();
			await page.locator('.offline-search input').fill('命名空间');
			const first = page.locator('.offline-search li a').first();
			await first.waitFor();
			expect(await page.locator('.offline-search li').count()).toBeGreaterThan(2);
			await first.click();
			expect(page.url()).toMatch(/^file:.*index\.html$/);
			expect(await page.locator('main').innerText()).toContain('命名空间');
			await page.close();
		});

		test('no error, and no request left the disk', () => {
			// The one thing a page cannot do from disk (load mermaid on demand) fails loudly in the console too.
			expect(errors.filter((e) => !/mermaid|Failed to fetch dynamically imported module|CORS policy|ERR_FAILED/.test(e))).toEqual([]);
			expect(offsite).toEqual([]);
		});
	});
});
