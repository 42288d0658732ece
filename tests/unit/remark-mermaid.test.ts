import { existsSync } from 'node:fs';
import type { Root } from 'mdast';
import { describe, expect, test } from 'vitest';
import { remarkMermaid } from '../../src/plugins/remark-mermaid.ts';
import { prerenderMermaid } from '../../src/mermaid/prerender.ts';

const hasBrowser = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

function note(code: string): Root {
	return {
		type: 'root',
		children: [
			{ type: 'paragraph', children: [{ type: 'text', value: '正文' }] },
			{ type: 'code', lang: 'mermaid', value: code, position: { start: { line: 12, column: 1 }, end: { line: 15, column: 4 } } },
		],
	};
}

function file(path: string) {
	return {
		path,
		fail(reason: string, place?: { start: { line: number } }): never {
			throw new Error(`${path}:${place?.start.line}: ${reason}`);
		},
	};
}

const transform = remarkMermaid({ component: '/components/MermaidDiagram.astro' });

// The first drawing starts Chromium, which takes a few seconds on a busy machine.
describe('remarkMermaid', { timeout: 60_000 }, () => {
	test('a mermaid fence becomes the diagram component, imported once', async () => {
		const tree = note('flowchart LR\n  A --> B');
		tree.children.push({ type: 'code', lang: 'mermaid', value: 'flowchart TD\n  C --> D' });
		await transform(tree, file('/content/a.mdx'));
		expect(tree.children.map((n) => n.type)).toEqual(['mdxjsEsm', 'paragraph', 'mdxJsxFlowElement', 'mdxJsxFlowElement']);
		expect(tree.children[2]).toMatchObject({ attributes: [{ name: 'code', value: 'flowchart LR\n  A --> B' }] });
	});
	test('other code blocks and .md files are left alone', async () => {
		const tree: Root = { type: 'root', children: [{ type: 'code', lang: 'yaml', value: 'a: 1' }] };
		await transform(tree, file('/content/a.mdx'));
		expect(tree.children).toEqual([{ type: 'code', lang: 'yaml', value: 'a: 1' }]);
		const md = note('flowchart LR\n  A --> B');
		await transform(md, file('/content/a.md'));
		expect(md.children[1].type).toBe('code');
	});
	test.skipIf(!hasBrowser)('a diagram mermaid cannot parse fails with the note and line', async () => {
		await expect(transform(note('flowchart LR\n  A -->'), file('/content/kubernetes/dns.mdx'))).rejects.toThrow(
			/\/content\/kubernetes\/dns\.mdx:12: mermaid 图表无法解析/,
		);
	});
	test.skipIf(!hasBrowser)('the build draws both themes, with the text of the diagram', async () => {
		const { light, dark } = await prerenderMermaid('flowchart LR\n  Client --> Svc["Service 10.96.0.10"]');
		for (const svg of [light, dark]) {
			expect(svg).toMatch(/^<svg/);
			expect(svg).toContain('Service 10.96.0.10');
		}
		expect(light).not.toBe(dark);
	});
	test.skipIf(!hasBrowser)('a label cannot inject markup into the page', async () => {
		const { light } = await prerenderMermaid('flowchart LR\n  A["<img src=x onerror=alert(1)>"] --> B');
		expect(light).not.toMatch(/<img[^>]*onerror/i);
	});
});
