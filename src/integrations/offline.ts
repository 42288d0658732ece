/**
 * What the service worker (public/sw.js) needs from the build, written when the build is done:
 *
 * - `offline-manifest.json`: the build's version and every URL it serves, relative to the base
 *   path, so "save the whole site for offline reading" can fetch all of it. A page is listed as
 *   the URL a reader requests (`kubernetes/dns/`, `` for the home page), not as its file
 *   (`kubernetes/dns/index.html`): the worker's cache is keyed by request URL.
 * - the version, written into `sw.js` in place of its placeholder. A browser looks for a new
 *   worker by comparing sw.js byte for byte, so a deploy that changes any file must change sw.js.
 *
 * The version is a hash of every file's path and content: the same build gives the same version,
 * and a changed note, asset or search index gives a new one. Must come after Starlight and
 * cjkSearch in the integrations list, so the search index it hashes and lists is the final one.
 */
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from '../utils/files.ts';

export const MANIFEST_FILE = 'offline-manifest.json';
export const WORKER_FILE = 'sw.js';
/** The string in public/sw.js that the build replaces with its version. */
export const VERSION_PLACEHOLDER = '__OPS_NOTES_BUILD__';

export interface OfflineManifest {
	version: string;
	/** Every URL of the build, relative to the base path. */
	files: string[];
}

/** The manifest of a build folder (sw.js and the manifest itself left out: they are never cached). */
export function offlineManifest(outDir: string): OfflineManifest {
	const paths = filesUnder(outDir)
		.map((file) => relative(outDir, file).split('\\').join('/'))
		.filter((path) => path !== WORKER_FILE && path !== MANIFEST_FILE)
		.sort();
	const hash = createHash('sha256');
	for (const path of paths) hash.update(`${path}\0${createHash('sha256').update(readFileSync(join(outDir, path))).digest('hex')}\n`);
	// Pages are requested as their folder: `a/b/index.html` is `a/b/`; the home page is ``.
	const files = paths.map((path) => (path === 'index.html' ? '' : path.replace(/\/index\.html$/, '/')));
	return { version: hash.digest('hex').slice(0, 16), files };
}

export function offline(): AstroIntegration {
	return {
		name: 'ops-notes:offline',
		hooks: {
			'astro:build:done': ({ dir, logger }) => {
				const outDir = fileURLToPath(dir);
				const worker = join(outDir, WORKER_FILE);
				if (!existsSync(worker)) throw new Error(`${WORKER_FILE} is missing from the build: it comes from public/${WORKER_FILE}.`);
				const source = readFileSync(worker, 'utf8');
				if (!source.includes(VERSION_PLACEHOLDER)) {
					throw new Error(`public/${WORKER_FILE} has lost its version placeholder ${VERSION_PLACEHOLDER}: the build writes its version there.`);
				}
				const manifest = offlineManifest(outDir);
				writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
				writeFileSync(worker, source.replaceAll(VERSION_PLACEHOLDER, manifest.version));
				logger.info(`Offline manifest: ${manifest.files.length} files, version ${manifest.version}.`);
			},
		},
	};
}
