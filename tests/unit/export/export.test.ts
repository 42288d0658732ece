/** The offline export's pure parts: relative URLs for file://, page rewriting, the ZIP archive, the search index. */
import { describe, expect, test } from 'vitest';
import { rootPrefix, toDiskUrl } from '../../../src/export/relative-urls.ts';
import { rewriteCss, rewriteHtml } from '../../../src/export/rewrite-html.ts';
import { pageEntry } from '../../../src/export/search-index.ts';
import { unzip, zip } from '../../../src/export/zip.ts';

describe('toDiskUrl', () => {
	test('absolute paths of the build become relative to the file, directories end in index.html', () => {
		expect(toDiskUrl('/_astro/page.js', 'kubernetes/dns/index.html')).toBe('../../_astro/page.js');
		expect(toDiskUrl('/', 'kubernetes/dns/index.html')).toBe('../../index.html');
		expect(toDiskUrl('/kubernetes/', 'index.html')).toBe('kubernetes/index.html');
		expect(toDiskUrl('/tags/#kubernetes', 'en/tags/index.html')).toBe('../../tags/index.html#kubernetes');
		expect(toDiskUrl('/ops-notes/basics/', 'index.html', '/ops-notes/')).toBe('basics/index.html');
	});
	test('relative links get their index.html; the fragment stays, a query does not', () => {
		expect(toDiskUrl('../dns/', 'kubernetes/service-access/index.html')).toBe('../dns/index.html');
		expect(toDiskUrl('../../tools/service-explorer/#manifest=YQ', 'kubernetes/dns/index.html')).toBe('../../tools/service-explorer/index.html#manifest=YQ');
		expect(toDiskUrl('./', 'kubernetes/index.html')).toBe('index.html');
		expect(toDiskUrl('/search/?q=dns', 'index.html')).toBe('search/index.html');
	});
	test('other origins, anchors and data URLs are left alone', () => {
		for (const url of ['https://kubernetes.io/docs/', '//cdn.example/x.js', '#参考', 'data:image/png;base64,AA', 'mailto:a@b.c', '']) {
			expect(toDiskUrl(url, 'a/index.html')).toBe(url);
		}
	});
	test('rootPrefix climbs to the export root', () => {
		expect(rootPrefix('index.html')).toBe('');
		expect(rootPrefix('en/kubernetes/dns/index.html')).toBe('../../../');
	});
});

describe('rewriteHtml', () => {
	const page = `<html lang="zh-CN"><head><link rel="canonical" href="https://site.example/a/"/><meta property="og:url" content="https://site.example/a/"/><link rel="stylesheet" href="/_astro/x.css"><script type="module" src="/_astro/page.js"></script><script>(()=>{customElements.define("astro-island",f)})();</script></head><body><a href="/b/">b</a><img srcset="/i.png 1x, /i@2.png 2x"><script type="module">import "/_astro/t.js";</script><option value="/en/a/">English</option></body></html>`;
	const scripts: ({ src: string } | { code: string })[] = [];
	const out = rewriteHtml(page, 'a/index.html', '/', { forPage: (s) => (scripts.push(...s), '_offline/page-1.js') });
	test('links and assets are relative; the online address and Astro’s module loader are gone', () => {
		expect(out).not.toContain('https://site.example');
		expect(out).toContain('href="../_astro/x.css"');
		expect(out).toContain('href="../b/index.html"');
		expect(out).toContain('srcset="../i.png 1x, ../i@2.png 2x"');
		expect(out).toContain('value="../en/a/index.html"');
		expect(out).not.toContain('astro-island');
		expect(out).toContain('data-export-root="../"');
	});
	test('module scripts, in order, become one classic script where the first one was', () => {
		expect(out).not.toContain('type="module"');
		expect(out.match(/<script defer src="\.\.\/_offline\/page-1\.js"><\/script>/g)).toHaveLength(1);
		expect(scripts).toEqual([{ src: '/_astro/page.js' }, { code: 'import "/_astro/t.js";' }]);
	});
	test('stylesheets point at their fonts and images relatively', () => {
		expect(rewriteCss('@font-face{src:url(/_astro/f.woff2)} a{background:url("data:x")}', '_astro/x.css', '/')).toBe('@font-face{src:url(f.woff2)} a{background:url("data:x")}');
	});
});

describe('zip', () => {
	test('what is zipped unzips to the same bytes, names in UTF-8', () => {
		const entries = [
			{ path: 'ops-notes/index.html', data: Buffer.from('<h1>运维笔记</h1>'.repeat(100)) },
			{ path: 'ops-notes/笔记/a.bin', data: Buffer.from([0, 1, 2, 255]) },
		];
		const back = unzip(zip(entries));
		expect(back.map((e) => [e.path, Buffer.from(e.data).toString('hex')])).toEqual(entries.map((e) => [e.path, e.data.toString('hex')]));
	});
});

describe('search index', () => {
	test('a page’s title and prose, without diagrams, widgets or markup; pages outside search are skipped', () => {
		const html = `<html lang="zh-CN"><head><title>集群 DNS | 运维笔记</title></head><body><main data-pagefind-body><p>CoreDNS &amp; 搜索列表</p><figure class="mermaid-diagram"><svg>x</svg><pre>flowchart</pre></figure><astro-island><b>widget</b></astro-island></main></body></html>`;
		expect(pageEntry(html, 'kubernetes/dns/index.html')).toEqual({ path: 'kubernetes/dns/index.html', lang: 'zh-CN', title: '集群 DNS', text: 'CoreDNS & 搜索列表' });
		expect(pageEntry('<html><main>404</main></html>', '404.html')).toBeUndefined();
	});
});
