/**
 * Classic (non-module) bundles of the build's scripts, for pages read from disk: Chromium and
 * Firefox refuse `<script type="module">` and `import()` on file://, so Starlight's theme picker,
 * mobile menu and table of contents, and the widgets' islands, each get an IIFE bundle made by
 * esbuild from the build's own module chunks. What is loaded lazily (`import()`: Pagefind,
 * mermaid) stays lazy and fails on disk; the pages say so where it matters.
 */
import { createHash } from 'node:crypto';
import { join, posix } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** Maps the build's absolute `/_astro/...` imports to files of the export, and a page's inline scripts to modules. */
function exportResolver(root: string, base: string, inline: Map<string, string>): Plugin {
	return {
		name: 'export-resolver',
		setup(b) {
			b.onResolve({ filter: /.*/ }, (args) => {
				if (args.kind === 'dynamic-import') return { path: args.path, external: true };
				if (args.path.startsWith('inline:')) return { path: args.path, namespace: 'inline' };
				if (args.path.startsWith(base)) return { path: join(root, args.path.slice(base.length)) };
				if (args.path.startsWith('./') || args.path.startsWith('../')) return { path: join(args.resolveDir, args.path) };
				return undefined;
			});
			b.onLoad({ filter: /.*/, namespace: 'inline' }, (args) => ({ contents: inline.get(args.path.slice('inline:'.length)) ?? '', loader: 'js', resolveDir: join(root, '_astro') }));
		},
	};
}

async function iife(root: string, base: string, contents: string, inline = new Map<string, string>()): Promise<string> {
	const result = await build({
		stdin: { contents, resolveDir: join(root, '_astro'), loader: 'js', sourcefile: 'entry.js' },
		bundle: true,
		format: 'iife',
		write: false,
		minify: true,
		target: 'es2022',
		logLevel: 'silent',
		// A classic script has no import.meta: its URL is the script's own, taken when it starts.
		banner: { js: 'var __scriptUrl=document.currentScript&&document.currentScript.src||location.href;' },
		define: { 'import.meta.url': '__scriptUrl' },
		plugins: [exportResolver(root, base, inline)],
	});
	return result.outputFiles[0].text;
}

export const BUNDLE_DIR = '_offline';

/** One of a page's module scripts, in page order. */
export type PageScript = { src: string } | { code: string };

export interface ClassicBundles {
	/** Bundle path (from the export root) → code. */
	files: Map<string, string>;
	/**
	 * The classic bundle for a page's module scripts (all of them in one, so chunks they share,
	 * like Starlight's custom elements, run once); pages with the same scripts share it.
	 */
	forPage: (scripts: PageScript[]) => string;
	/** Bundles every script set referenced so far (call after all pages were rewritten). */
	finish: () => Promise<void>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export function classicBundles(root: string, base: string): ClassicBundles {
	const pending = new Map<string, PageScript[]>();
	const files = new Map<string, string>();
	return {
		files,
		forPage(scripts) {
			const name = `${BUNDLE_DIR}/page-${hash(JSON.stringify(scripts))}.js`;
			pending.set(name, scripts);
			return name;
		},
		async finish() {
			for (const [name, scripts] of pending) {
				const inline = new Map<string, string>();
				const entry = scripts
					.map((s) => {
						if ('src' in s) return `import ${JSON.stringify(s.src)};`;
						const id = hash(s.code);
						inline.set(id, s.code);
						return `import ${JSON.stringify(`inline:${id}`)};`;
					})
					.join('\n');
				files.set(name, await iife(root, base, entry, inline));
			}
		},
	};
}

/**
 * The islands bundle: every widget component and its renderer in one classic script, and a
 * loader that hydrates each `<astro-island>` of the page with them, as Astro's own loader does
 * over HTTP (props decoded from Astro's `[type, value]` encoding; slots passed as HTML).
 */
export async function islandsBundle(root: string, base: string, components: string[], renderers: string[]): Promise<string> {
	const imports = [
		...components.map((url, i) => `import * as c${i} from ${JSON.stringify(url)};`),
		...renderers.map((url, i) => `import r${i} from ${JSON.stringify(url)};`),
	].join('\n');
	// Keyed by file name: the pages' attributes hold paths relative to each page.
	const table = (prefix: string, urls: string[]) => `{${urls.map((url, i) => `${JSON.stringify(posix.basename(url))}: ${prefix}${i}`).join(', ')}}`;
	const loader = `
const components = ${table('c', components)};
const renderers = ${table('r', renderers)};
// Astro's prop encoding: [0, value] plain (objects decoded key by key), [1, array].
const decode = ([type, value]) => (type === 0 ? plain(value) : type === 1 ? value.map(decode) : undefined);
const plain = (v) => (typeof v !== 'object' || v === null ? v : Object.fromEntries(Object.entries(v).map(([k, e]) => [k, decode(e)])));
async function hydrate(island) {
	const file = (name) => (island.getAttribute(name) || '').split('/').pop();
	const module = components[file('component-url')];
	const renderer = renderers[file('renderer-url')];
	if (!module || !renderer) return;
	const props = island.hasAttribute('props') ? plain(JSON.parse(island.getAttribute('props'))) : {};
	const slots = {};
	for (const slot of island.querySelectorAll('astro-slot')) if (slot.closest('astro-island') === island) slots[slot.getAttribute('name') || 'default'] = slot.innerHTML;
	await renderer(island)(module[island.getAttribute('component-export') || 'default'], props, slots, { client: island.getAttribute('client') });
	island.removeAttribute('ssr');
}
const start = () => document.querySelectorAll('astro-island[ssr]').forEach((island) => hydrate(island).catch((e) => console.error('[offline islands]', e)));
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
`;
	return iife(root, base, `${imports}\n${loader}`);
}
