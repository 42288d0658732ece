/**
 * Page weight budget. A note without widgets ships no JavaScript beyond Starlight's own: its
 * diagrams are drawn at build time, and mermaid's code is reachable only from pages that draw a
 * diagram in the browser (widgets, or a build without Chromium).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readBuild } from '../../src/integrations/link-check.ts';
import { distDir, hasBrowser, launch, serve } from './harness.ts';

/**
 * The script chunks plain Starlight 0.42 builds for a note page (named after the Starlight
 * component they come from; `ec` is Expressive Code's copy button, `ui-core` the search UI,
 * loaded when the search dialog opens). `preload-helper` is Vite's dynamic-import helper that
 * Starlight's search uses; Vite moves it to a chunk of its own once a second script imports
 * lazily, which is a move of Starlight's bytes, not an addition (the byte budget below holds).
 */
const STARLIGHT_CHUNKS = /^(page|ec|ui-core|preload-helper|starlight-toc|Search\.astro_astro_type_script|TableOfContents\.astro_astro_type_script|MobileTableOfContents\.astro_astro_type_script)[._]/;
/**
 * Plain Starlight 0.42 loads about 31 KiB (gzip) of JavaScript on a note page, a little more
 * with code blocks (Expressive Code's copy button): measured here 31.8 KiB on the home page and
 * 32.9 KiB on a note with code. The budget leaves room for a Starlight patch, not for a library.
 */
const STARLIGHT_JS_BUDGET = 34 * 1024;
/**
 * The one script of ours on every page: the inline script of components/overrides/Footer.astro
 * (`<script data-offline-sw>`), which registers the service worker for offline reading and drives
 * the "save the whole site" button. About 0.7 KiB gzip: it gets this allowance on top of
 * Starlight's budget, and must fit in it by itself.
 */
const OFFLINE_SCRIPT_BUDGET = 1024;

const assetsDir = join(distDir, '_astro');
const { pages } = readBuild(distDir);
/** A diagram drawn in the reader's browser (`data-mermaid`; build-drawn ones are `data-mermaid-static`). */
const hasClientDiagram = (html: string) => /\bdata-mermaid(?![-\w])/.test(html);
const hasStaticDiagram = (html: string) => html.includes('data-mermaid-static');
/** A Preact widget (an Astro island). */
const hasWidget = (html: string) => html.includes('<astro-island');

/** JS files a page reaches through static imports (dynamic import() is lazy, so left out). */
function staticClosure(html: string): Set<string> {
	const seen = new Set<string>();
	// Scripts, module imports, and islands' component and renderer modules.
	const queue = [...html.matchAll(/(?:src="|import\s*["']|from\s*["']|component-url="|renderer-url=")[^"']*\/_astro\/([^"'/]+\.js)/g)].map((m) => m[1]);
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const code = readFileSync(join(assetsDir, file), 'utf8');
		for (const m of code.matchAll(/(?:import|from)\s*["']\.\/([^"']+\.js)["']/g)) queue.push(m[1]);
	}
	return seen;
}

describe('page weight', () => {
	const mermaidFiles = readdirSync(assetsDir).filter(
		(f) => f.endsWith('.js') && (/mermaid/i.test(f) || readFileSync(join(assetsDir, f), 'utf8').includes('data-mermaid')),
	);

	test('the build has the client diagram code, and notes with diagrams drawn at build time', () => {
		expect(mermaidFiles.length).toBeGreaterThan(0);
		expect(pages.some((p) => hasStaticDiagram(p.html))).toBe(true);
	});

	test('pages without a diagram drawn in the browser reference none of mermaid’s code (widgets load it only when a topology tab is opened)', () => {
		const offenders = pages
			.filter((p) => !hasClientDiagram(p.html))
			.flatMap((p) => [...staticClosure(p.html)].filter((f) => mermaidFiles.includes(f)).map((f) => `${p.url} → ${f}`));
		expect(offenders).toEqual([]);
	});

	test('pages without widgets load only Starlight’s own scripts, diagrams or not', () => {
		const offenders = pages
			.filter((p) => !hasClientDiagram(p.html) && !hasWidget(p.html))
			.flatMap((p) => [...staticClosure(p.html)].filter((f) => !STARLIGHT_CHUNKS.test(f)).map((f) => `${p.url} → ${f}`));
		expect(offenders).toEqual([]);
	});
});

describe.skipIf(!hasBrowser)('page weight in Chromium', () => {
	let site: Awaited<ReturnType<typeof serve>>;
	let browser: Browser;
	beforeAll(async () => {
		site = await serve();
		browser = await launch();
	});
	afterAll(async () => {
		await browser?.close();
		await site?.close();
	});

	/**
	 * Gzipped bytes the page loads, by resource type, as a server compressing at level 6 sends them.
	 * `scroll`: scroll to the end first, so every widget (hydrated when visible) loads its code.
	 */
	async function weigh(path: string, scroll = false) {
		const page = await browser.newPage();
		const sizes: Record<string, number> = {};
		const pending: Promise<void>[] = [];
		page.on('response', (response) => {
			pending.push(
				response.body().then(
					(body) => {
						const type = response.request().resourceType();
						sizes[type] = (sizes[type] ?? 0) + gzipSync(body, { level: 6 }).length;
					},
					() => undefined,
				),
			);
		});
		await page.goto(site.url + path, { waitUntil: 'networkidle' });
		if (scroll) {
			for (const island of await page.locator('astro-island').all()) await island.scrollIntoViewIfNeeded();
			await page.waitForLoadState('networkidle');
		}
		await Promise.all(pending);
		const inlineJs = await page.evaluate(() =>
			[...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('\n'),
		);
		const offlineJs = await page.evaluate(() => document.querySelector('script[data-offline-sw]')?.textContent ?? '');
		await page.close();
		const js = (sizes.script ?? 0) + gzipSync(inlineJs).length;
		const total = Object.values(sizes).reduce((a, b) => a + b, 0);
		return { js, total, offline: offlineJs ? gzipSync(offlineJs).length : 0 };
	}

	/** A page without widgets: Starlight's scripts, and the offline script within its own allowance. */
	function expectPlainBudget({ js, offline }: { js: number; offline: number }) {
		expect(offline).toBeGreaterThan(0);
		expect(offline).toBeLessThanOrEqual(OFFLINE_SCRIPT_BUDGET);
		expect(js).toBeLessThanOrEqual(STARLIGHT_JS_BUDGET + OFFLINE_SCRIPT_BUDGET);
	}

	test('a plain note loads no more JavaScript than Starlight itself (and the offline script)', async () => {
		// The home page is a note (content/index.mdx) with no widget and no diagram.
		const home = pages.find((p) => p.url === '/')!;
		expect(hasClientDiagram(home.html) || hasStaticDiagram(home.html)).toBe(false);
		const weight = await weigh('');
		const { js, total, offline } = weight;
		console.info(`page weight /: JS ${(js / 1024).toFixed(1)} KiB gzip (offline script ${(offline / 1024).toFixed(1)} KiB of it), all ${(total / 1024).toFixed(1)} KiB gzip`);
		expectPlainBudget(weight);
	});

	test('a note with a diagram loads no more JavaScript than Starlight itself (and the offline script) either', async () => {
		const withDiagram = pages.find((p) => hasStaticDiagram(p.html) && !hasClientDiagram(p.html))!;
		const weight = await weigh(withDiagram.url.slice(1));
		const { js, total, offline } = weight;
		console.info(`page weight ${withDiagram.url}: JS ${(js / 1024).toFixed(1)} KiB gzip (offline script ${(offline / 1024).toFixed(1)} KiB of it), all ${(total / 1024).toFixed(1)} KiB gzip`);
		expectPlainBudget(weight);
	});

	test('widget pages: the JavaScript each ships once all its widgets have loaded (printed), within a budget', async () => {
		// The engine (yaml included) and Preact: about 75 KiB gzip on top of Starlight's scripts.
		// mermaid is not in it: it loads only when a reader opens a topology tab.
		const WIDGET_JS_BUDGET = STARLIGHT_JS_BUDGET + 110 * 1024;
		const widgetPages = pages.filter((p) => hasWidget(p.html)).map((p) => p.url);
		expect(widgetPages.length).toBeGreaterThanOrEqual(8);
		for (const url of widgetPages) {
			const { js, total } = await weigh(url.slice(1), true);
			console.info(`page weight ${url} (widgets): JS ${(js / 1024).toFixed(1)} KiB gzip, all ${(total / 1024).toFixed(1)} KiB gzip`);
			expect(js, url).toBeLessThanOrEqual(WIDGET_JS_BUDGET);
		}
	});
});
