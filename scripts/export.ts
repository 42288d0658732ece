/**
 * npm run export: the site for reading from disk. Builds it, copies the build to
 * export/ops-notes-<version>/ with every reference relative and directory links ending in
 * index.html, gives pages classic bundles of their scripts, an islands loader and a search over
 * a local index (file:// refuses modules, import() and fetch), then zips the folder to
 * export/ops-notes-<version>.zip. Open index.html from the unpacked folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BUNDLE_DIR, classicBundles, islandsBundle } from '../src/export/classic-bundles.ts';
import { rootPrefix } from '../src/export/relative-urls.ts';
import { rewriteCss, rewriteHtml } from '../src/export/rewrite-html.ts';
import { pageEntry, type SearchEntry, searchIndexScript } from '../src/export/search-index.ts';
import { zip } from '../src/export/zip.ts';
import { filesUnder } from '../src/utils/files.ts';

const project = join(import.meta.dirname, '..');
const dist = join(project, 'dist');
const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { version: string };

function commit(): string {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: project, encoding: 'utf8' }).trim();
	} catch {
		return 'local';
	}
}

const version = `${pkg.version}-${commit()}`;
const name = `ops-notes-${version}`;
const outDir = join(project, 'export');
const folder = join(outDir, name);

if (!process.argv.includes('--no-build')) {
	// The export is always made from a build with base "/": every URL of it is then rewritten relative.
	const built = spawnSync('npx', ['astro', 'build'], { cwd: project, stdio: 'inherit', env: { ...process.env, BASE_PATH: '/' } });
	if (built.status !== 0) process.exit(built.status ?? 1);
}
if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ has no built site');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync(dist, folder, { recursive: true });

const bundles = classicBundles(folder, '/');
const components = new Set<string>();
const renderers = new Set<string>();
const search: SearchEntry[] = [];
const all = filesUnder(folder);
for (const path of all) {
	const file = relative(folder, path).split('\\').join('/');
	if (file.endsWith('.html')) {
		const html = readFileSync(path, 'utf8');
		for (const m of html.matchAll(/component-url="([^"]+)"/g)) components.add(m[1]);
		for (const m of html.matchAll(/renderer-url="([^"]+)"/g)) renderers.add(m[1]);
		const entry = pageEntry(html, file);
		if (entry) search.push(entry);
		let out = rewriteHtml(html, file, '/', bundles);
		const root = rootPrefix(file);
		const extra = [`<script defer src="${root}${BUNDLE_DIR}/offline.js"></script>`];
		if (html.includes('<astro-island')) extra.push(`<script defer src="${root}${BUNDLE_DIR}/islands.js"></script>`);
		out = out.replace('</head>', `${extra.join('')}</head>`);
		writeFileSync(path, out);
	} else if (file.endsWith('.css')) {
		writeFileSync(path, rewriteCss(readFileSync(path, 'utf8'), file, '/'));
	}
}
await bundles.finish();
mkdirSync(join(folder, BUNDLE_DIR), { recursive: true });
for (const [file, code] of bundles.files) writeFileSync(join(folder, file), code);
writeFileSync(join(folder, BUNDLE_DIR, 'islands.js'), await islandsBundle(folder, '/', [...components], [...renderers]));
writeFileSync(join(folder, BUNDLE_DIR, 'offline.js'), readFileSync(join(project, 'src/export/offline.js')));
writeFileSync(join(folder, BUNDLE_DIR, 'search-index.js'), searchIndexScript(search));
// What only works over HTTP is left out: the online search's index, the service worker.
for (const onlineOnly of ['pagefind', 'sw.js', 'offline-manifest.json']) rmSync(join(folder, onlineOnly), { recursive: true, force: true });

const entries = filesUnder(folder)
	.sort()
	.map((path) => ({ path: `${name}/${relative(folder, path).split('\\').join('/')}`, data: readFileSync(path) }));
writeFileSync(join(outDir, `${name}.zip`), zip(entries));
const size = entries.reduce((n, e) => n + e.data.length, 0);
console.log(`export/${name}/ (${entries.length} files, ${(size / 1024 / 1024).toFixed(1)} MB) and export/${name}.zip: open index.html from the folder.`);
