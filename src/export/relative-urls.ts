/**
 * URLs for a site read from disk (file://): every reference relative to the file that makes it,
 * and every link to a directory ending in index.html (no server turns `dir/` into its index).
 */
import { posix } from 'node:path';

/** Links to other origins, data and script URLs, and in-page anchors stay as they are. */
const UNTOUCHED = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/**
 * `url` as written in the export file `from` (a path relative to the export root, e.g.
 * `kubernetes/dns/index.html`), made relative and pointing at a file. `base` is the site's base
 * path (`/` or `/ops-notes/`), which absolute URLs of the build start with.
 */
export function toDiskUrl(url: string, from: string, base = '/'): string {
	if (url === '' || UNTOUCHED.test(url)) return url;
	const match = /^([^?#]*)([?#].*)?$/.exec(url)!;
	let path = match[1];
	const rest = match[2] ?? '';
	const dir = posix.dirname(from);
	let target: string;
	if (path.startsWith('/')) {
		if (!path.startsWith(base)) return url;
		target = path.slice(base.length);
	} else {
		if (path === '') return url;
		target = posix.normalize(posix.join(dir, path));
	}
	if (target === '' || target === '.' || target.endsWith('/')) target = `${target === '.' ? '' : target}index.html`;
	else if (!posix.extname(target)) target = `${target}/index.html`;
	path = posix.relative(dir, target) || posix.basename(target);
	// A query string means nothing to a file: only the fragment is kept.
	return path + (rest.startsWith('#') ? rest : rest.includes('#') ? rest.slice(rest.indexOf('#')) : '');
}

/** The relative path from the file `from` back to the export root (`''`, `../`, `../../`). */
export function rootPrefix(from: string): string {
	const depth = from.split('/').length - 1;
	return '../'.repeat(depth);
}
