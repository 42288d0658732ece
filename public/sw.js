/*
 * The service worker of 运维笔记 Ops Notes. Registered by every page (components/overrides/
 * Footer.astro) with the site's base path as its scope, it does two things:
 *
 * 1. It keeps a copy of every same-origin GET it serves, so a page the reader has visited
 *    reloads without a network. Pages go to the network first (an online reader always gets the
 *    latest note) and fall back to the copy. Files under _astro/ have a content hash in their
 *    name, so their copy can never be stale: they come from the copy first.
 * 2. On request (the "save the whole site for offline reading" button) it fetches every URL of
 *    the build, listed in offline-manifest.json (src/integrations/offline.ts), telling the page
 *    how far it got.
 *
 * Versions: the build writes its version into BUILD, so each deploy changes this file's bytes,
 * which is how the browser notices a new worker. Each version keeps its copy in a cache of its
 * own, and only ever answers from that cache: a page and its files always come from one build.
 * A new worker first fetches, from the new deploy, what the reader had with the old one (the
 * whole site, or the pages they visited), then takes over and deletes the old caches; pages open
 * at that moment show a notice asking for a reload.
 *
 * A classic script, not a module: it runs in every browser that has service workers.
 */
'use strict';

const BUILD = '__OPS_NOTES_BUILD__';
const CACHE_PREFIX = 'ops-notes-';
const CACHE = CACHE_PREFIX + BUILD;
/** The site's base path (`/`, or `/ops-notes/` on a project site): every URL below is under it. */
const BASE = new URL(self.registration.scope);
const MANIFEST = new URL('offline-manifest.json', BASE).href;
/** Stylesheets, scripts, images a page refers to (to carry a visited page over to a new version). */
const REFERENCES = /\b(?:href|src|component-url|renderer-url)="([^"]+)"/g;
/** Files fetched at once when saving: enough to keep the connection busy, few enough to be polite. */
const PARALLEL = 6;

/** The cache key of a URL: no query (Pagefind adds `?ts=…` to dodge the HTTP cache), no fragment. */
function keyOf(url) {
	const u = new URL(url, BASE);
	return u.origin + u.pathname;
}

/** Never answered from a copy: the worker itself (the browser fetches it anyway) and the manifest (always fresh). */
const UNCACHED = [new URL(MANIFEST).pathname, new URL(self.location.href).pathname];

/** Whether the worker handles this URL: same origin, under the base, and not one of UNCACHED. */
function isOurs(url) {
	const u = new URL(url, BASE);
	return u.origin === BASE.origin && u.pathname.startsWith(BASE.pathname) && !UNCACHED.includes(u.pathname);
}

const isHashed = (url) => new URL(url).pathname.startsWith(`${BASE.pathname}_astro/`);
const isPage = (url) => /\/$|\.html$/.test(new URL(url).pathname);

async function fetchOk(url) {
	const response = await fetch(url, { cache: 'no-cache' });
	if (!response.ok) throw new Error(`${new URL(url).pathname}: HTTP ${response.status}`);
	return response;
}

/** The build's list of URLs; refuses one from another build (a deploy happened in between). */
async function fetchManifest() {
	let response;
	try {
		response = await fetch(MANIFEST, { cache: 'no-store' });
	} catch {
		throw new Error('cannot reach the site to read offline-manifest.json (offline?)');
	}
	if (!response.ok) throw new Error(`offline-manifest.json: HTTP ${response.status}`);
	const manifest = await response.json();
	if (manifest.version !== BUILD) throw new Error(`the site was updated (version ${manifest.version}, this page is ${BUILD}): reload the page and try again`);
	return manifest;
}

/**
 * Fetches `urls` into this version's cache, PARALLEL at a time, and stops at the first failure.
 * A file under _astro/ is not fetched again if any version's cache has it: its name is the hash
 * of its content, so the copy is the same file (a new deploy mostly reuses mermaid's chunks).
 */
async function store(urls, onProgress = () => {}) {
	const cache = await caches.open(CACHE);
	let next = 0;
	let done = 0;
	let failed = false;
	async function lane() {
		while (!failed && next < urls.length) {
			const url = urls[next++];
			try {
				const copy = isHashed(url) && (await caches.match(url));
				await cache.put(url, copy || (await fetchOk(url)));
			} catch (error) {
				failed = true;
				throw error;
			}
			onProgress(++done, urls.length);
		}
	}
	await Promise.all(Array.from({ length: PARALLEL }, lane));
}

/** "Save the whole site": every URL of the build, progress and the outcome posted to `port`. */
async function saveSite(port) {
	try {
		const manifest = await fetchManifest();
		const urls = manifest.files.map((file) => new URL(file, BASE).href);
		await store(urls, (done, total) => port.postMessage({ type: 'progress', done, total }));
		// The manifest in the cache marks it as holding the whole site (see carryOver).
		await (await caches.open(CACHE)).put(MANIFEST, new Response(JSON.stringify(manifest)));
		port.postMessage({ type: 'done', total: urls.length });
	} catch (error) {
		port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
	}
}

/**
 * A page loaded before this worker existed (the reader's first visit) sends its URL and the files
 * it loaded: they are copied, so that page too reloads offline. Failures are left alone: the
 * worker will copy the page the next time it is loaded.
 */
async function keep(urls) {
	const cache = await caches.open(CACHE);
	const ours = [...new Set(urls.filter(isOurs).map(keyOf))];
	await Promise.all(
		ours.map(async (url) => {
			if (await cache.match(url)) return;
			const response = await fetch(url);
			if (response.ok) await cache.put(url, response);
		}).map((p) => p.catch(() => undefined)),
	);
}

/**
 * Before a new version takes over: fetch from the new deploy what the reader had offline with the
 * old one. The whole site if they saved it; otherwise the pages they visited, with the files those
 * pages (now with new file names) refer to. If that fails, the install fails: the old version
 * stays in charge, its copy intact, and the browser tries again on a later visit.
 */
async function carryOver() {
	const previous = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE);
	if (previous.length === 0) return;
	let savedAll = false;
	const had = new Set();
	for (const name of previous) {
		for (const request of await (await caches.open(name)).keys()) {
			if (request.url === MANIFEST) savedAll = true;
			else had.add(request.url);
		}
	}
	const manifest = await fetchManifest();
	const listed = new Set(manifest.files.map((file) => new URL(file, BASE).href));
	if (savedAll) {
		await store([...listed]);
		await (await caches.open(CACHE)).put(MANIFEST, new Response(JSON.stringify(manifest)));
		return;
	}
	const cache = await caches.open(CACHE);
	const files = new Set([...had].filter((url) => listed.has(url) && !isPage(url)));
	for (const page of [...had].filter((url) => listed.has(url) && isPage(url))) {
		const response = await fetchOk(page);
		const html = await response.clone().text();
		await cache.put(page, response);
		for (const [, ref] of html.matchAll(REFERENCES)) {
			const url = keyOf(new URL(ref, page));
			if (listed.has(url) && !isPage(url)) files.add(url);
		}
	}
	await store([...files]);
}

/** What a navigation gets offline for a page that was never saved. */
function notSaved() {
	const body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>离线 · Offline</title><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<p>没有网络连接，这一页也还没有保存到本机。联网后再打开，或在联网时用页脚的“离线保存全站”保存整个站点。</p>
<p lang="en">You are offline and this page was not saved. Open it again when online, or save the whole site for offline reading (the button at the foot of every page).</p>
<p><a href="${BASE.pathname}">运维笔记 Ops Notes</a></p></body></html>`;
	return new Response(body, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** Pages and other files: the network first, so an online reader gets the latest; the copy when offline. */
async function networkFirst(event) {
	const cache = await caches.open(CACHE);
	const key = keyOf(event.request.url);
	try {
		const response = await fetch(event.request);
		if (response.ok && response.type === 'basic') event.waitUntil(cache.put(key, response.clone()));
		return response;
	} catch (error) {
		const copy = await cache.match(key);
		if (copy) return copy;
		if (event.request.mode !== 'navigate') throw error;
		// `…/kubernetes` for the page `…/kubernetes/`: redirect, as the server would (the page's relative links need the slash).
		if (!key.endsWith('/') && (await cache.match(`${key}/`))) return Response.redirect(`${key}/`, 301);
		return notSaved();
	}
}

/** _astro/ files: named by their content, so a copy is always right. */
async function cacheFirst(event) {
	const cache = await caches.open(CACHE);
	const key = keyOf(event.request.url);
	const copy = await cache.match(key);
	if (copy) return copy;
	const response = await fetch(event.request);
	if (response.ok && response.type === 'basic') event.waitUntil(cache.put(key, response.clone()));
	return response;
}

self.addEventListener('install', (event) => {
	// skipWaiting: the new version takes over at once (open pages are told to reload) rather than
	// when every tab is closed, so a reader is never left on an old copy for days.
	event.waitUntil(carryOver().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
			await self.clients.claim();
		})(),
	);
});

self.addEventListener('fetch', (event) => {
	const { request } = event;
	// Only GETs of this site; a Range request (media) is left to the browser, as partial responses cannot be cached.
	if (request.method !== 'GET' || request.headers.has('range') || !isOurs(request.url)) return;
	event.respondWith(isHashed(request.url) ? cacheFirst(event) : networkFirst(event));
});

self.addEventListener('message', (event) => {
	const { type, urls } = event.data ?? {};
	if (type === 'save-site' && event.ports[0]) event.waitUntil(saveSite(event.ports[0]));
	else if (type === 'keep' && Array.isArray(urls)) event.waitUntil(keep(urls));
});
