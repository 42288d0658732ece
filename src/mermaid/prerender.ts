/**
 * Renders mermaid diagrams to SVG at build time, in headless Chromium (mermaid needs a real
 * DOM to measure text), once in the light theme and once in the dark one. Readers then get the
 * diagram with no script at all: nothing to download, no layout shift when it appears, and it
 * reads the same with JavaScript off and in the offline export.
 *
 * Without a browser (a contributor's machine without Chromium) it says so once and returns
 * null: the diagram is then drawn in the reader's browser instead (components/mermaid/).
 */
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';

export interface RenderedDiagram {
	light: string;
	dark: string;
}

export class MermaidSyntaxError extends Error {}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IDLE_CLOSE_MS = 1500;

interface RendererState {
	page?: Promise<Page>;
	browser?: Browser;
	idle?: ReturnType<typeof setTimeout>;
	cache: Map<string, Promise<RenderedDiagram>>;
	/** Renders run one at a time: mermaid's configuration is global to the page. */
	queue: Promise<unknown>;
	warned: boolean;
}

// One renderer per process, even if Vite loads this module more than once during a build.
const KEY = Symbol.for('ops-notes.mermaid-prerender');
const state: RendererState = ((globalThis as Record<symbol, unknown>)[KEY] ??= { cache: new Map(), queue: Promise.resolve(), warned: false }) as RendererState;

export function prerenderAvailable(): boolean {
	if (process.env.OPS_NOTES_MERMAID === 'client') return false;
	if (existsSync(chromiumPath)) return true;
	if (!state.warned) {
		state.warned = true;
		console.warn(`[mermaid] No Chromium at ${chromiumPath}: diagrams will be drawn in the reader's browser instead of at build time.`);
	}
	return false;
}

async function openPage(): Promise<Page> {
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	state.browser = browser;
	const page = await browser.newPage();
	await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
	const require = createRequire(import.meta.url);
	await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
	return page;
}

/** The browser closes itself once the build stops asking for diagrams, so the process can exit. */
function scheduleClose() {
	clearTimeout(state.idle);
	state.idle = setTimeout(() => {
		const browser = state.browser;
		state.browser = undefined;
		state.page = undefined;
		void browser?.close();
	}, IDLE_CLOSE_MS);
}

function renderInBrowser(source: string, id: string): Promise<RenderedDiagram> {
	const run = state.queue.then(() => renderNow(source, id));
	state.queue = run.catch(() => undefined);
	return run;
}

async function renderNow(source: string, id: string): Promise<RenderedDiagram> {
	clearTimeout(state.idle);
	state.page ??= openPage();
	const page = await state.page;
	try {
		const result = await page.evaluate(
			async ({ source, id }) => {
				const mermaid = (globalThis as unknown as { mermaid: typeof import('mermaid').default }).mermaid;
				const out: Record<string, string> = {};
				for (const theme of ['default', 'dark'] as const) {
					// dagre, not ELK: ELK is 1.4 MB of script that a flowchart of a few boxes does not need.
					mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme, layout: 'dagre' });
					try {
						out[theme] = (await mermaid.render(`${id}-${theme}`, source)).svg;
					} catch (error) {
						return { error: error instanceof Error ? error.message : String(error) };
					}
				}
				return { light: out.default, dark: out.dark };
			},
			{ source, id },
		);
		if ('error' in result) throw new MermaidSyntaxError(result.error ?? 'unknown error');
		return result as RenderedDiagram;
	} finally {
		scheduleClose();
	}
}

/** Light and dark SVG for a diagram; throws MermaidSyntaxError when mermaid cannot parse it. */
export function prerenderMermaid(source: string): Promise<RenderedDiagram> {
	const hash = createHash('sha256').update(source).digest('hex').slice(0, 10);
	let rendered = state.cache.get(hash);
	if (!rendered) {
		rendered = renderInBrowser(source, `mermaid-${hash}`);
		state.cache.set(hash, rendered);
		rendered.catch(() => state.cache.delete(hash));
	}
	return rendered;
}
