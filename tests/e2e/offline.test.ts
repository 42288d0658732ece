/**
 * The site as GitHub Pages serves a project site, under a base path (/ops-notes/), and read
 * offline through its service worker (public/sw.js), in Chromium.
 *
 * Builds that variant itself, with BASE_PATH=/ops-notes/, into dist-subpath/ (git-ignored):
 * dist/, which `npm test` builds for the other end-to-end tests, is left alone.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasBrowser, launch, serve, type Watched, watchedContext } from './harness.ts';

const BASE = '/ops-notes/';
const project = join(import.meta.dirname, '../..');
const outDir = join(project, 'dist-subpath');
const example = readFileSync(join(project, 'content/kubernetes/examples/explorer-default.yaml'), 'utf8');

interface Manifest {
	version: string;
	files: string[];
}
/**
 * The environment for the build: this process's, less what Vitest adds to it (`BASE_URL=/`,
 * `PROD=`, `NODE_ENV=test`…), which Astro would otherwise take for the build's own settings.
 */
function buildEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST', 'FORCE_TTY']) delete env[key];
	for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
	return env;
}
const readManifest = (): Manifest => JSON.parse(readFileSync(join(outDir, 'offline-manifest.json'), 'utf8'));

describe.skipIf(!hasBrowser)('the site under a base path, and offline', () => {
	let site: Awaited<ReturnType<typeof serve>>;
	let browser: Browser;

	beforeAll(async () => {
		try {
			await promisify(execFile)('npx', ['astro', 'build', '--outDir', 'dist-subpath'], {
				cwd: project,
				env: { ...buildEnv(), BASE_PATH: BASE },
				maxBuffer: 64 * 1024 * 1024,
			});
		} catch (error) {
			const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
			throw new Error(`BASE_PATH=${BASE} astro build --outDir dist-subpath failed:\n${`${stdout}\n${stderr}`.slice(-4000)}`);
		}
		site = await serve(outDir, BASE);
		browser = await launch();
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await site?.close();
	});

	/** A fresh context (so a fresh service worker) that also records any response of 400 or more. */
	async function reader(): Promise<Watched & { failed: string[] }> {
		const watched = await watchedContext(browser);
		const failed: string[] = [];
		watched.context.on('response', (r) => {
			if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
		});
		return { ...watched, failed };
	}
	/** Waits until the service worker controls the page (it claims pages when it first activates). */
	async function controlled(page: Page) {
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
	}
	/** Whether this version's cache holds `path` (relative to the base). */
	function cached(page: Page, path: string): Promise<boolean> {
		return page.evaluate(async (url) => (await caches.match(url)) !== undefined, new URL(path, site.url).href);
	}
	/**
	 * "Deploys a new build": the same files under another version, in sw.js and the manifest, as
	 * the server sends them from now on. Returns what puts the build back.
	 */
	function deploy(version: string, next: string): () => void {
		const swFile = join(outDir, 'sw.js');
		const manifestFile = join(outDir, 'offline-manifest.json');
		const [sw, manifest] = [readFileSync(swFile, 'utf8'), readFileSync(manifestFile, 'utf8')];
		expect(sw).toContain(`'${version}'`);
		writeFileSync(swFile, sw.replaceAll(version, next));
		writeFileSync(manifestFile, manifest.replaceAll(version, next));
		return () => {
			writeFileSync(swFile, sw);
			writeFileSync(manifestFile, manifest);
		};
	}

	test('every link, asset, widget and the search work under /ops-notes/: home → a part → a note → tags → the explorer → search', async () => {
		const { newPage, context, offsite, errors, failed } = await reader();
		const page = await newPage();
		expect((await page.goto(site.url))?.status()).toBe(200);
		await expect(page.title()).resolves.toContain('运维笔记');
		// Starlight's stylesheet applied (a wrong base would leave the page unstyled).
		expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sl-nav-height'))).not.toBe('');

		// A part, from the home page's cards.
		await page.locator('.part-cards a', { hasText: 'Kubernetes' }).click();
		await page.waitForURL(`**${BASE}kubernetes/`);
		// A note, from the sidebar (Starlight adds the base to the links it is given).
		await page.locator('#starlight__sidebar a[href$="/kubernetes/service-access/"]').click();
		await page.waitForURL(`**${BASE}kubernetes/service-access/`);
		await expect(page.locator('h1').innerText()).resolves.toBe('Service 与访问方式');
		// Diagrams drawn at build time, and the "run" link under a manifest, pointing under the base.
		expect(await page.locator('[data-mermaid-static] .mermaid-svg svg').count()).toBeGreaterThan(0);
		const run = await page.locator('a.run-manifest').first().evaluate((a) => (a as HTMLAnchorElement).pathname);
		expect(run).toBe(`${BASE}tools/service-explorer/`);

		// The tags index, from the note's tag chip.
		await page.locator('.note-tags a').first().click();
		await page.waitForURL(`**${BASE}tags/#*`);
		const tagged = page.locator('section:has(h2#kubernetes) li a');
		expect(await tagged.count()).toBeGreaterThan(0);
		for (const href of await tagged.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname))) expect(href.startsWith(BASE), href).toBe(true);

		// The explorer, from the sidebar: the widget hydrates, computes an edit, and draws the topology (mermaid loads lazily).
		await page.locator('#starlight__sidebar a', { hasText: 'Service 浏览器' }).click();
		await page.waitForURL(`**${BASE}tools/service-explorer/`);
		await page.locator('.svx textarea').first().scrollIntoViewIfNeeded();
		const widget = page.locator('.svx[data-hydrated]').first();
		await widget.waitFor();
		await widget.locator('textarea').fill(example.replace('targetPort: http', 'targetPort: 9090'));
		await expect.poll(() => widget.locator('.svx-panel[data-tab="ports"]').innerText()).toContain('10.244.0.2:9090');
		await widget.getByRole('tab', { name: '拓扑' }).click();
		await widget.locator('.svx-panel[data-tab="topology"] .svx-diagram svg').waitFor({ timeout: 15_000 });

		// A note's "run" link opens the explorer with its manifest.
		await page.goto(`${site.url}kubernetes/service-access/`);
		await page.locator('a.run-manifest').first().click();
		await page.waitForURL(`**${BASE}tools/service-explorer/#manifest=*`);
		await page.locator('.svx textarea').first().scrollIntoViewIfNeeded();
		await page.locator('.svx[data-hydrated]').first().waitFor();
		await expect.poll(() => page.locator('.svx textarea').first().inputValue()).toContain('kind: Service');

		// Chinese search through Starlight's dialog: Pagefind's files and its result links under the base.
		await page.locator('site-search button[data-open-modal]').click();
		await page.locator('.pagefind-ui__search-input').fill('机器人账号');
		const results = page.locator('.pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title > a');
		await results.first().waitFor({ timeout: 15_000 });
		const hrefs = await results.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
		expect(hrefs.slice(0, 3)).toContain(`${BASE}cicd/harbor/`);
		await results.first().click();
		await page.waitForURL((url) => url.pathname.startsWith(BASE) && url.pathname !== `${BASE}tools/service-explorer/`);
		await expect(page.locator('h1').innerText()).resolves.not.toBe('');

		// English pages: the button in English, and links under the base too.
		await page.goto(`${site.url}en/`);
		await expect(page.locator('.offline-save-button').innerText()).resolves.toBe('Save the whole site for offline reading');
		await page.locator('.part-cards a').first().click();
		await page.waitForURL(`**${BASE}en/*/`);

		expect(failed).toEqual([]);
		expect(offsite).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	});

	test('offline, visited pages reload from the service worker; after “save the whole site”, pages never visited open too', async () => {
		const { newPage, context, offsite, errors } = await reader();
		const page = await newPage();
		// The first page loads before the worker exists: it hands the page over to be kept.
		await page.goto(`${site.url}kubernetes/`);
		await expect(page.locator('.offline-save-button').innerText()).resolves.toBe('离线保存全站');
		await controlled(page);
		await expect.poll(() => cached(page, 'kubernetes/')).toBe(true);
		// Later pages go through the worker, which keeps a copy.
		await page.goto(`${site.url}kubernetes/dns/`);
		await expect.poll(() => cached(page, 'kubernetes/dns/')).toBe(true);

		await context.setOffline(true);
		const reloaded = await page.reload();
		expect(reloaded?.fromServiceWorker()).toBe(true);
		await expect(page.locator('h1').innerText()).resolves.toBe('集群 DNS');
		expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sl-nav-height'))).not.toBe('');
		await page.goto(`${site.url}kubernetes/`);
		await expect(page.locator('h1').innerText()).resolves.toContain('Kubernetes');
		// A page never visited is not there: the worker says so rather than the browser's error page.
		const missing = await page.goto(`${site.url}data/`);
		expect(missing?.status()).toBe(503);
		await expect(page.locator('body').innerText()).resolves.toContain('这一页也还没有保存');
		await context.setOffline(false);

		// Save everything: progress n / total, then done.
		await page.goto(`${site.url}kubernetes/dns/`);
		await page.evaluate(() => {
			const status = document.querySelector('.offline-save-status')!;
			const seen: string[] = ((window as unknown as { __statuses: string[] }).__statuses = []);
			new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
		});
		await page.locator('.offline-save-button').click();
		const status = page.locator('.offline-save-status');
		await expect.poll(() => status.innerText(), { timeout: 120_000 }).toMatch(/已保存全站|保存失败/);
		const total = readManifest().files.length;
		expect(await status.innerText()).toBe(`已保存全站 ${total} 个文件，断网也能阅读。`);
		const seen = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
		expect(seen).toContain(`正在保存 1 / ${total}`);
		expect(seen).toContain(`正在保存 ${total} / ${total}`);
		await expect(page.locator('.offline-save-button').isEnabled()).resolves.toBe(true);

		await context.setOffline(true);
		const never = await page.goto(`${site.url}data/`);
		expect(never?.status()).toBe(200);
		expect(never?.fromServiceWorker()).toBe(true);
		await expect(page.locator('h1').innerText()).resolves.not.toBe('');
		// Without the trailing slash, redirected to the page (its relative links need the slash).
		await page.goto(`${site.url}cicd`);
		expect(new URL(page.url()).pathname).toBe(`${BASE}cicd/`);
		await expect(page.locator('h1').innerText()).resolves.not.toBe('');
		// The English pages and the explorer too, its widget hydrating from the saved scripts.
		expect((await page.goto(`${site.url}en/kubernetes/dns/`))?.status()).toBe(200);
		await page.goto(`${site.url}tools/service-explorer/`);
		await page.locator('.svx textarea').first().scrollIntoViewIfNeeded();
		const widget = page.locator('.svx[data-hydrated]').first();
		await widget.waitFor();
		await widget.locator('textarea').fill(example.replace('targetPort: http', 'targetPort: 9090'));
		await expect.poll(() => widget.locator('.svx-panel[data-tab="ports"]').innerText()).toContain('10.244.0.2:9090');
		await context.setOffline(false);

		expect(offsite).toEqual([]);
		// The one error logged is the 503 of the page that was not saved yet, as it should be.
		expect(errors.filter((e) => !/\/data\/: Failed to load resource: .*503/.test(e))).toEqual([]);
		await context.close();
	}, 120_000);

	test('saving while the site is unreachable says so', async () => {
		const { newPage, context } = await reader();
		const page = await newPage();
		await page.goto(`${site.url}kubernetes/`);
		await controlled(page);
		await context.setOffline(true);
		await page.locator('.offline-save-button').click();
		const status = page.locator('.offline-save-status');
		await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/^保存失败：/);
		expect(await status.innerText()).toContain('offline-manifest.json');
		await context.setOffline(false);
		await context.close();
	});

	test('a new deploy: the new worker takes over, keeps the visited pages, deletes the old cache, and the page says to reload', async () => {
		const { newPage, context } = await reader();
		const page = await newPage();
		await page.goto(`${site.url}kubernetes/`);
		await controlled(page);
		await page.goto(`${site.url}kubernetes/dns/`);
		await expect.poll(() => cached(page, 'kubernetes/dns/')).toBe(true);
		const { version } = readManifest();
		expect(await page.evaluate(() => caches.keys())).toEqual([`ops-notes-${version}`]);
		await expect(page.locator('.site-updated').isVisible()).resolves.toBe(false);

		const next = 'e2e-next-version';
		const restore = deploy(version, next);
		try {
			// What a browser does on a later navigation: look for a new sw.js.
			await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
			const notice = page.locator('.site-updated');
			await notice.waitFor({ state: 'visible', timeout: 30_000 });
			expect((await notice.innerText()).trim()).toMatch(/^站点已更新，刷新即可看到新版本/);
			// Only the new version's cache is left (the browser switches pages over to the new worker
			// just before its activate event deletes the old caches), holding the page the reader visited.
			await expect.poll(() => page.evaluate(() => caches.keys()), { timeout: 15_000 }).toEqual([`ops-notes-${next}`]);
			expect(await page.evaluate((url) => caches.open('ops-notes-e2e-next-version').then((c) => c.match(url)).then(Boolean), `${site.url}kubernetes/dns/`)).toBe(true);
			// Reloading shows the new version, without the notice; offline too, styled.
			await notice.getByRole('button', { name: '刷新' }).click();
			await page.waitForLoadState();
			await expect(page.locator('.site-updated').isVisible()).resolves.toBe(false);
			await context.setOffline(true);
			expect((await page.reload())?.fromServiceWorker()).toBe(true);
			await expect(page.locator('h1').innerText()).resolves.toBe('集群 DNS');
			expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sl-nav-height'))).not.toBe('');
			await context.setOffline(false);
		} finally {
			restore();
		}
		await context.close();
	});

	test('a new deploy after “save the whole site”: the new version saves the whole site again before it takes over', async () => {
		const { newPage, context } = await reader();
		const page = await newPage();
		await page.goto(`${site.url}kubernetes/`);
		await controlled(page);
		await page.locator('.offline-save-button').click();
		await expect.poll(() => page.locator('.offline-save-status').innerText(), { timeout: 120_000 }).toMatch(/^已保存全站/);
		const { version, files } = readManifest();
		const next = 'e2e-next-version-2';
		const restore = deploy(version, next);
		try {
			await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
			await page.locator('.site-updated').waitFor({ state: 'visible', timeout: 60_000 });
			await expect.poll(() => page.evaluate(() => caches.keys()), { timeout: 15_000 }).toEqual([`ops-notes-${next}`]);
			// Every file of the build, and the manifest that marks the cache as the whole site.
			expect(await page.evaluate((name) => caches.open(name).then((c) => c.keys()).then((k) => k.length), `ops-notes-${next}`)).toBe(files.length + 1);
			await context.setOffline(true);
			const never = await page.goto(`${site.url}security/`);
			expect(never?.status()).toBe(200);
			expect(never?.fromServiceWorker()).toBe(true);
			await context.setOffline(false);
		} finally {
			restore();
		}
		await context.close();
	}, 120_000);

	test('from disk (file://) the page registers no worker and shows no save button', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		// A registration attempt would fail here, loudly (the script warns "service worker: …").
		const complaints: string[] = [];
		page.on('pageerror', (e) => complaints.push(e.message));
		page.on('console', (m) => {
			if (/service worker/i.test(m.text())) complaints.push(m.text());
		});
		await page.goto(`file://${join(outDir, 'index.html')}`);
		await page.waitForLoadState('load');
		expect(await page.locator('.offline-save').count()).toBe(1);
		await expect(page.locator('.offline-save').isVisible()).resolves.toBe(false);
		expect(complaints).toEqual([]);
		await context.close();
	});
});
