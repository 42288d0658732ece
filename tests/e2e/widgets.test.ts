/**
 * The Kubernetes widgets on the built site, in Chromium: the explorer page and the chapter pages
 * compute from the manifest as written before hydration and with JavaScript off; editing
 * recomputes the tables, rules and diagram; errors show at their line; links round-trip the
 * manifest; "run" links open the explorer; hostile pastes stay text. Recompute times are printed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { distDir, hasBrowser, launch, openPage, serve, type Watched, watchedContext } from './harness.ts';

const EXPLORER = 'tools/service-explorer/';
const example = readFileSync(join(import.meta.dirname, '../../content/kubernetes/examples/explorer-default.yaml'), 'utf8');
const computeTimes: Record<string, number[]> = {};

describe.skipIf(!hasBrowser)('Kubernetes widgets in Chromium', () => {
	let site: Awaited<ReturnType<typeof serve>>;
	let browser: Browser;
	let watched: Watched;

	beforeAll(async () => {
		site = await serve();
		browser = await launch();
		watched = await watchedContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
	});
	afterAll(async () => {
		const report = Object.entries(computeTimes).map(([k, v]) => `${k}: ${v.map((x) => x.toFixed(1)).join(', ')} ms`);
		if (report.length) console.log(`widget recompute times in Chromium (engine work per edit):\n  ${report.join('\n  ')}`);
		await browser?.close();
		await site?.close();
	});

	const open = (path: string): Promise<Page> => openPage(watched, site.url, path);
	/** Opens a page and waits for its first widget to hydrate (islands hydrate when visible). */
	async function openHydrated(path: string): Promise<Page> {
		const page = await open(path);
		await page.locator('.svx textarea').first().scrollIntoViewIfNeeded();
		await page.locator('.svx[data-hydrated]').first().waitFor();
		return page;
	}
	/** Runs `action` on a widget and records what the recompute it caused cost (the widget measures it). */
	async function measured(widget: Locator, label: string, action: () => Promise<void>) {
		const before = Number((await widget.getAttribute('data-computes')) ?? 0);
		await action();
		await expect.poll(async () => Number((await widget.getAttribute('data-computes')) ?? 0)).toBeGreaterThan(before);
		(computeTimes[label] ??= []).push(Number(await widget.getAttribute('data-compute-ms')));
	}
	async function edit(page: Page, text: string, label = 'edit') {
		const widget = page.locator('.svx[data-hydrated]').first();
		await measured(widget, label, () => widget.locator('textarea').fill(text));
	}

	test('the explorer page has the computed result in its HTML, before any script runs', () => {
		const html = readFileSync(join(distDir, EXPLORER, 'index.html'), 'utf8');
		// Three Pods' endpoints, the node port, kube-proxy's rules and the DNS name, all from the example as written.
		expect(html).toMatch(/10\.244\.0\.2:8080/);
		expect(html).toContain(':30080');
		expect(html).toContain('-A KUBE-NODEPORTS');
		expect(html).toContain('web.shop.svc.cluster.local.');
		// The topology's source is there for readers without JavaScript (the browser draws it on opening the tab).
		expect(html).toContain('flowchart LR');
	});

	test('with JavaScript off, every tab’s result shows, one after another', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(site.url + EXPLORER);
		for (const tab of ['ports', 'iptables', 'nftables', 'dns', 'topology', 'validate']) {
			await expect.poll(() => page.locator(`.svx-panel[data-tab="${tab}"]`).isVisible(), { timeout: 2000 }).toBe(true);
		}
		expect(await page.locator('.svx-panel[data-tab="iptables"]').innerText()).toContain('KUBE-SERVICES');
		await context.close();
	});

	test('editing a port updates the table, the rules and the diagram', async () => {
		const page = await openHydrated(EXPLORER);
		await edit(page, example.replace('targetPort: http', 'targetPort: 9090'), 'explorer: change targetPort');
		await expect.poll(() => page.locator('.svx-panel[data-tab="ports"]').innerText()).toContain('10.244.0.2:9090');
		await page.getByRole('tab', { name: 'iptables' }).click();
		expect(await page.locator('.svx-panel[data-tab="iptables"]').innerText()).toContain('--to-destination 10.244.0.2:9090');
		await page.getByRole('tab', { name: '拓扑' }).click();
		const diagram = page.locator('.svx-panel[data-tab="topology"] .svx-diagram svg');
		await diagram.waitFor({ timeout: 15000 });
		expect(await diagram.textContent()).toContain(':9090');
		// Back to the example as written: the build-drawn diagram returns.
		await page.getByRole('button', { name: '恢复示例' }).click();
		expect(await page.locator('.svx textarea').inputValue()).toBe(example);
		await page.close();
	});

	test('a broken manifest shows the error at its line, and the rest of the page keeps working', async () => {
		const page = await openHydrated(EXPLORER);
		const bad = example.replace('nodePort: 30080', 'nodePort: 80');
		await edit(page, bad, 'explorer: invalid nodePort');
		const line = bad.split('\n').findIndex((l) => l.includes('nodePort: 80')) + 1;
		const errors = page.locator('.svx-editor-errors');
		await expect.poll(() => errors.innerText()).toContain('provided port is not in the valid range');
		expect(await errors.innerText()).toContain(String(line));
		expect(await page.locator('.svx-mark-error').count()).toBe(1);
		await edit(page, 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n', 'explorer: broken YAML');
		await expect.poll(() => errors.innerText()).toMatch(/^\s*\d+\s+YAML:/);
		await edit(page, example, 'explorer: back to the example');
		await expect.poll(() => errors.innerText()).toBe('');
		await page.close();
	});

	test('clicking a rule highlights the manifest lines that produced it; policy switches show the rule diff', async () => {
		const page = await openHydrated(EXPLORER);
		await page.getByRole('tab', { name: 'iptables' }).click();
		await page.locator('.svx-rule', { hasText: '-A KUBE-NODEPORTS' }).first().click();
		const marks = page.locator('.svx-mark-source');
		expect(await marks.count()).toBe(2);
		const tops = await marks.evaluateAll((els) => els.map((e) => (e as HTMLElement).style.top));
		const nodePortLine = example.split('\n').findIndex((l) => l.includes('nodePort: 30080'));
		expect(tops).toContain(`${nodePortLine * 1.5}em`);
		await page.locator('.svx-toggles select').first().selectOption('Local');
		const diff = page.locator('.svx-diff');
		await expect.poll(() => diff.innerText()).toContain('masquerade LOCAL traffic for shop/web:http');
		expect(await diff.locator('.svx-del').count()).toBeGreaterThan(0);
		await page.close();
	});

	test('the nftables tab lists kube-proxy\'s nftables table; clicking a rule marks its Service', async () => {
		const page = await openHydrated(EXPLORER);
		await page.getByRole('tab', { name: 'nftables' }).click();
		const panel = page.locator('.svx-panel[data-tab="nftables"]');
		expect(await panel.innerText()).toContain('table ip kube-proxy {');
		await panel.locator('.svx-rule', { hasText: 'goto service-' }).first().click();
		expect(await page.locator('.svx-mark-source').count()).toBeGreaterThan(0);
		await page.close();
	});

	test('"copy link" carries the manifest: the link reopens the explorer with it', async () => {
		const page = await openHydrated(EXPLORER);
		const edited = example.replace('replicas: 3', 'replicas: 2');
		await edit(page, edited, 'explorer: change replicas');
		await page.getByRole('button', { name: '复制链接' }).click();
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toContain(`${EXPLORER}#manifest=`);
		const reopened = await watched.newPage();
		await reopened.goto(link);
		await reopened.locator('.svx[data-hydrated]').waitFor();
		await expect.poll(() => reopened.locator('.svx textarea').inputValue()).toBe(edited);
		expect(await reopened.locator('.svx-panel[data-tab="ports"] tbody tr').count()).toBe(2 + 2);
		await reopened.close();
		await page.close();
	});

	test('hostile pastes stay text: markup in a name, a 5 MB document, an alias bomb', async () => {
		const page = await openHydrated(EXPLORER);
		await edit(page, example.replaceAll('name: web', 'name: "<img src=x onerror=window.__pwned=1>"'), 'explorer: markup in names');
		await expect.poll(() => page.locator('.svx-panel[data-tab="ports"]').innerText()).toContain('<img src=x');
		expect(await page.locator('.svx img').count()).toBe(0);
		expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
		await edit(page, `${example}\n#${'x'.repeat(5 * 1024 * 1024)}\n`, 'explorer: 5 MB paste (refused)');
		await expect.poll(() => page.locator('.svx [role=alert]').first().innerText()).toContain('npx svcnet');
		const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
		await edit(page, `apiVersion: v1\nkind: Service\nmetadata: {name: bomb}\n${bomb}\n`, 'explorer: alias bomb');
		await expect.poll(() => page.locator('.svx').first().innerText()).toMatch(/alias/i);
		await page.close();
	});

	test('the English explorer page speaks English', async () => {
		const page = await openHydrated(`en/${EXPLORER}`);
		expect(await page.getByRole('tab', { name: 'Ports' }).getAttribute('aria-selected')).toBe('true');
		expect(await page.locator('.svx-panel[data-tab="ports"]').innerText()).toContain('Way in');
		await page.close();
	});

	/** The chapter pages, each with something its widgets computed from the examples as written. */
	const CHAPTER = [
		{ path: 'kubernetes/service-access/', computed: '10.100.73.239:80' },
		{ path: 'kubernetes/kube-proxy-iptables/', computed: '-A KUBE-SVC-' },
		{ path: 'kubernetes/dns/', computed: 'options ndots:5' },
	];

	test.each(CHAPTER.flatMap((c) => [c, { ...c, path: `en/${c.path}` }]))('$path: the widgets’ results are in the HTML and show with JavaScript off', async ({ path, computed }) => {
		const html = readFileSync(join(distDir, path, 'index.html'), 'utf8');
		expect(html).toContain(computed);
		expect(html).toMatch(/<astro-island[^>]+client="visible"/);
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(site.url + path);
		const widget = page.locator('.svx').first();
		await widget.scrollIntoViewIfNeeded();
		expect(await widget.isVisible()).toBe(true);
		expect(await page.locator('main').innerText()).toContain(computed);
		await context.close();
	});

	test('on a chapter page, editing the example recomputes that widget only', async () => {
		const page = await openHydrated('kubernetes/service-access/');
		const first = page.locator('.svx[data-widget="service-explorer"]').first();
		const text = await first.locator('textarea').inputValue();
		await measured(first, 'service-access: replicas 3 → 4', () => first.locator('textarea').fill(text.replace('replicas: 3', 'replicas: 4')));
		await expect.poll(() => first.locator('.svx-panel[data-tab="ports"] tbody').first().innerText()).toMatch(/4\/4/);
		// The next widget, with its own copy of the manifest, is unchanged; its topology tab draws
		// the example as written when opened.
		const second = page.locator('.svx[data-widget="service-explorer"]').nth(1);
		expect(await second.locator('textarea').inputValue()).not.toContain('replicas: 4');
		await second.scrollIntoViewIfNeeded();
		await expect.poll(() => second.getAttribute('data-hydrated')).toBe('');
		await second.getByRole('tab', { name: '拓扑' }).click();
		await second.locator('.svx-panel[data-tab="topology"] .svx-diagram svg').waitFor({ timeout: 15000 });
		await page.close();
	});

	test('the DNS resolver walks the search list and explains the ndots cost', async () => {
		const page = await open('kubernetes/dns/');
		const resolver = page.locator('[data-widget="dns-resolver"]').first();
		await resolver.scrollIntoViewIfNeeded();
		await page.waitForFunction(() => document.querySelector('astro-island [data-widget="dns-resolver"]')?.closest('astro-island')?.hasAttribute('ssr') === false);
		await measured(resolver, 'dns: resolve www.example.com', () => resolver.getByRole('textbox').fill('www.example.com'));
		await expect.poll(() => resolver.locator('tbody tr').count()).toBe(4);
		expect(await resolver.locator('tbody').innerText()).toContain('www.example.com.shop.svc.cluster.local.');
		expect(await resolver.locator('.svx-why').innerText()).toMatch(/ndots:5/);
		await resolver.getByRole('textbox').fill('www.example.com.');
		await expect.poll(() => resolver.locator('tbody tr').count()).toBe(1);
		await page.close();
	});

	test('the packet trace follows a pod to a ClusterIP through KUBE-SERVICES, KUBE-SVC and a DNAT to each Pod', async () => {
		const page = await open('kubernetes/kube-proxy-iptables/');
		const tracer = page.locator('[data-widget="packet-trace"]').first();
		await tracer.scrollIntoViewIfNeeded();
		const text = await tracer.innerText();
		expect(text).toContain('KUBE-SERVICES');
		expect(text).toMatch(/KUBE-SVC-/);
		expect(await tracer.locator('.svx-path').count()).toBe(3);
		expect(text).toMatch(/33\.3%/);
		// From the node instead of the Pod (hydrated once visible): the node's own traffic is masqueraded.
		await page.waitForFunction(() => !document.querySelector('astro-island:has([data-widget="packet-trace"])')?.hasAttribute('ssr'));
		const from = tracer.locator('select').first();
		const node = (await from.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).find((v) => v.startsWith('node/'))!;
		await measured(tracer, 'trace: source Pod → node', async () => {
			await from.selectOption(node);
		});
		expect(await tracer.locator('.svx-path').first().innerText()).toMatch(/SNAT|MASQUERADE/);
		await page.close();
	});

	test('a YAML block’s "run" link opens the explorer with that manifest', async () => {
		const page = await open('kubernetes/dns/');
		const link = page.locator('a.run-manifest').first();
		const block = await link.evaluate((a) => {
			// The code block is the run link's previous sibling (Expressive Code's frame).
			const frame = a.closest('p')!.previousElementSibling!;
			return [...frame.querySelectorAll('.ec-line')].map((l) => (l as HTMLElement).innerText).join('\n');
		});
		await link.click();
		await page.waitForURL(/tools\/service-explorer\/#manifest=/);
		await page.locator('.svx[data-hydrated]').waitFor();
		expect((await page.locator('.svx textarea').inputValue()).trim()).toBe(block.trim());
		await page.close();
	});

	test('no widget page made a request outside 127.0.0.1 and none logged an error', () => {
		expect(watched.offsite).toEqual([]);
		expect(watched.errors).toEqual([]);
	});
});
