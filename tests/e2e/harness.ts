/**
 * What the end-to-end tests share: a static server for the built site on 127.0.0.1 and Debian's
 * Chromium driven by playwright-core. Without a browser, outside CI, the browser suites are
 * skipped with a loud notice; in CI a missing browser is a failure.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const distDir = join(import.meta.dirname, '../../dist');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = existsSync(chromiumPath);

if (!hasBrowser) {
	const notice = `\n${'!'.repeat(72)}\n!! No Chromium at ${chromiumPath}: the browser (end-to-end) tests are SKIPPED.\n!! Install it with: apt-get install -y chromium   (CI installs it in .ci/run)\n${'!'.repeat(72)}\n`;
	if (process.env.CI) throw new Error(`CI needs Chromium for the end-to-end tests.${notice}`);
	console.warn(notice);
}
if (!existsSync(join(distDir, 'index.html'))) {
	throw new Error('dist/ has no built site: run `npm run build` first (npm test does).');
}

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.xml': 'application/xml',
	'.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8',
};

/** Serves `root` at `base` (default `/`) on 127.0.0.1, on a free port. */
export async function serve(root = distDir, base = '/'): Promise<{ url: string; close: () => Promise<void> }> {
	const server: Server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (!path.startsWith(base)) {
			res.writeHead(404).end('not found');
			return;
		}
		let file = normalize(join(root, path.slice(base.length)));
		if (!file.startsWith(root)) {
			res.writeHead(403).end();
			return;
		}
		if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		if (!existsSync(file)) {
			res.writeHead(404, { 'content-type': TYPES['.html'] }).end(existsSync(join(root, '404.html')) ? readFileSync(join(root, '404.html')) : 'not found');
			return;
		}
		res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
		],
	});
}

export interface Watched {
	context: BrowserContext;
	/** Requests to any origin other than 127.0.0.1, which the context blocked. */
	offsite: string[];
	/** console.error messages and uncaught page errors. */
	errors: string[];
	newPage: () => Promise<Page>;
}

/** A browser context that blocks and records every request leaving 127.0.0.1, and records errors. */
export async function watchedContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Watched> {
	const context = await browser.newContext(options);
	const offsite: string[] = [];
	const errors: string[] = [];
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
		offsite.push(url.href);
		return route.abort();
	});
	const newPage = async () => {
		const page = await context.newPage();
		page.on('console', (msg) => {
			if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()}`);
		});
		page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
		return page;
	};
	return { context, offsite, errors, newPage };
}

/** A new watched page on `path` of the site at `siteUrl`, which must load with status 200. */
export async function openPage(watched: Watched, siteUrl: string, path: string): Promise<Page> {
	const page = await watched.newPage();
	const response = await page.goto(siteUrl + path);
	expect(response?.status(), `${path} should load`).toBe(200);
	return page;
}
