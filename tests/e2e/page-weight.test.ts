/**
 * Page weight budget. A note without widgets or diagrams ships no JavaScript beyond Starlight's
 * own, and mermaid's code is reachable only from pages that draw a diagram.
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
/** Plain Starlight 0.42 loads about 31 KiB (gzip) of JavaScript on a note page. */
const STARLIGHT_JS_BUDGET = 32 * 1024;

const assetsDir = join(distDir, '_astro');
const { pages } = readBuild(distDir);
const hasDiagram = (html: string) => html.includes('data-mermaid');

/** JS files a page reaches through static imports (dynamic import() is lazy, so left out). */
function staticClosure(html: string): Set<string> {
	const seen = new Set<string>();
	const queue = [...html.matchAll(/(?:src="|import\s*["']|from\s*["'])[^"']*\/_astro\/([^"'/]+\.js)/g)].map((m) => m[1]);
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

	test('the build has the diagram code, and pages both with and without diagrams', () => {
		expect(mermaidFiles.length).toBeGreaterThan(0);
		expect(pages.some((p) => hasDiagram(p.html))).toBe(true);
		expect(pages.some((p) => !hasDiagram(p.html))).toBe(true);
	});

	test('pages without a diagram reference none of mermaid’s code', () => {
		const offenders = pages
			.filter((p) => !hasDiagram(p.html))
			.flatMap((p) => [...staticClosure(p.html)].filter((f) => mermaidFiles.includes(f)).map((f) => `${p.url} → ${f}`));
		expect(offenders).toEqual([]);
	});

	test('pages without a diagram load only Starlight’s own scripts', () => {
		const offenders = pages
			.filter((p) => !hasDiagram(p.html))
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

	/** Gzipped bytes the page loads, by resource type, as a server compressing at level 6 sends them. */
	async function weigh(path: string) {
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
		await Promise.all(pending);
		const inlineJs = await page.evaluate(() =>
			[...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('\n'),
		);
		await page.close();
		const js = (sizes.script ?? 0) + gzipSync(inlineJs).length;
		const total = Object.values(sizes).reduce((a, b) => a + b, 0);
		return { js, total };
	}

	test('a plain note loads no more JavaScript than Starlight itself', async () => {
		// The home page is a note (content/index.mdx) with no widget and no diagram.
		const home = pages.find((p) => p.url === '/')!;
		expect(hasDiagram(home.html)).toBe(false);
		const { js, total } = await weigh('');
		console.info(`page weight /: JS ${(js / 1024).toFixed(1)} KiB gzip, all ${(total / 1024).toFixed(1)} KiB gzip`);
		expect(js).toBeLessThanOrEqual(STARLIGHT_JS_BUDGET);
	});
});
