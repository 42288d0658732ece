import type { Root } from 'hast';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findBrokenLinks } from '../../src/links/check-links.ts';
import { notePathToUrl, relativeUrl, urlToNoteCandidates } from '../../src/links/page-paths.ts';
import { rehypeNoteLinks, rewriteNoteHref } from '../../src/plugins/rehype-note-links.ts';

describe('page paths', () => {
	test('notes map to directory URLs', () => {
		expect(notePathToUrl('kubernetes/dns.mdx')).toBe('/kubernetes/dns/');
		expect(notePathToUrl('kubernetes/index.mdx')).toBe('/kubernetes/');
		expect(notePathToUrl('index.mdx')).toBe('/');
		expect(notePathToUrl('en/index.mdx')).toBe('/en/');
	});
	test('an English page falls back to the Chinese note', () => {
		expect(urlToNoteCandidates('/en/kubernetes/dns/')).toContain('kubernetes/dns.mdx');
		expect(urlToNoteCandidates('/en/kubernetes/dns/')[0]).toBe('en/kubernetes/dns.mdx');
	});
	test('relative URLs between pages', () => {
		expect(relativeUrl('/kubernetes/dns/', '/kubernetes/install/')).toBe('../install/');
		expect(relativeUrl('/kubernetes/', '/kubernetes/dns/')).toBe('dns/');
		expect(relativeUrl('/kubernetes/dns/', '/')).toBe('../../');
		expect(relativeUrl('/tags/', '/tags/')).toBe('./');
	});
});

describe('rewriteNoteHref: links written as note files', () => {
	test('a sibling note', () => {
		expect(rewriteNoteHref('kubernetes/dns.mdx', './install.mdx')).toBe('../install/');
		expect(rewriteNoteHref('kubernetes/dns.mdx', 'install.mdx#准备')).toBe('../install/#准备');
	});
	test('from a part index, which is served one level up', () => {
		expect(rewriteNoteHref('kubernetes/index.mdx', './dns.mdx')).toBe('dns/');
		expect(rewriteNoteHref('kubernetes/index.mdx', '../basics/index.mdx')).toBe('../basics/');
	});
	test('from the home page and between English pages', () => {
		expect(rewriteNoteHref('index.mdx', './kubernetes/index.mdx')).toBe('kubernetes/');
		expect(rewriteNoteHref('en/kubernetes/dns.mdx', '../basics/linux.mdx')).toBe('../../basics/linux/');
	});
	test('other links are left alone', () => {
		for (const href of ['https://kubernetes.io/a.mdx', '/kubernetes/dns/', '#参考', '../install/', 'mailto:a@b.c']) {
			expect(rewriteNoteHref('kubernetes/dns.mdx', href)).toBe(href);
		}
	});
});

describe('findBrokenLinks', () => {
	const page = (url: string, body: string) => ({ url, html: `<!doctype html><html><body>${body}</body></html>` });
	const site = [
		page('/', '<a href="kubernetes/">k8s</a><a href="#_top">top</a>'),
		page('/kubernetes/', '<h2 id="参考">参考</h2><a href="dns/">dns</a>'),
		page('/kubernetes/dns/', '<a href="../#%E5%8F%82%E8%80%83">refs</a><a href="https://example.com/x">ext</a>'),
	];
	test('a site whose links all resolve has none broken', () => {
		expect(findBrokenLinks(site)).toEqual([]);
	});
	test('a link to a page that was not built is named with its page', () => {
		const broken = findBrokenLinks([...site, page('/cicd/', '<a href="../kubernetes/instal/">x</a>')]);
		expect(broken).toEqual([{ page: '/cicd/', href: '../kubernetes/instal/', resolved: '/kubernetes/instal/', reason: 'no such page' }]);
	});
	test('a fragment with no matching id is broken', () => {
		const broken = findBrokenLinks([...site, page('/cicd/', '<a href="../kubernetes/#pitfalls">x</a>')]);
		expect(broken).toEqual([expect.objectContaining({ reason: 'no such anchor', resolved: '/kubernetes/#pitfalls' })]);
	});
	test('a key=value fragment is page state (the explorer\'s manifest), not an anchor; the page must still exist', () => {
		expect(findBrokenLinks([...site, page('/cicd/', '<a href="../kubernetes/#manifest=YXBp">run</a>')])).toEqual([]);
		expect(findBrokenLinks([...site, page('/cicd/', '<a href="../tools/#manifest=YXBp">run</a>')])).toEqual([expect.objectContaining({ reason: 'no such page' })]);
	});
	test('links to built files other than pages resolve', () => {
		expect(findBrokenLinks([page('/', '<a href="files/a.yaml">a</a>')], ['/files/a.yaml'])).toEqual([]);
		expect(findBrokenLinks([page('/', '<a href="files/b.yaml">b</a>')], ['/files/a.yaml'])).toHaveLength(1);
	});
});

describe('rehypeNoteLinks', () => {
	const contentDir = join(mkdtempSync(join(tmpdir(), 'ops-notes-links-')), 'content');
	mkdirSync(join(contentDir, 'kubernetes'), { recursive: true });
	mkdirSync(join(contentDir, 'en/kubernetes'), { recursive: true });
	writeFileSync(join(contentDir, 'kubernetes/dns.mdx'), '');
	writeFileSync(join(contentDir, 'kubernetes/install.mdx'), '');
	const transform = rehypeNoteLinks({ contentDir });
	const link = (href: string, line = 7): Root => ({
		type: 'root',
		children: [{ type: 'element', tagName: 'a', properties: { href }, children: [], position: { start: { line, column: 1 }, end: { line, column: 9 } } }],
	});
	const file = (path: string) => ({
		path: join(contentDir, path),
		fail(reason: string, place?: { start: { line: number } }): never {
			throw new Error(`${path}:${place?.start.line}: ${reason}`);
		},
	});

	test('rewrites a link to an existing note', () => {
		const tree = link('./install.mdx#准备');
		transform(tree, file('kubernetes/dns.mdx'));
		expect((tree.children[0] as { properties: { href: string } }).properties.href).toBe('../install/#准备');
	});
	test('a link to a missing note fails with the line and the link as written', () => {
		expect(() => transform(link('./instal.mdx', 12), file('kubernetes/dns.mdx'))).toThrow(
			'kubernetes/dns.mdx:12: 链接的笔记不存在（broken link）："./instal.mdx" → content/kubernetes/instal.mdx',
		);
	});
	test('an English page may link to a note that exists only in Chinese', () => {
		expect(() => transform(link('./install.mdx'), file('en/kubernetes/dns.mdx'))).not.toThrow();
	});
});
