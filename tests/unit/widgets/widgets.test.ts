/**
 * The widgets' pure parts: what a reader sees computed from a manifest (analyze), the topology
 * diagram's source, the rule diff of a policy switch, the manifest link, and the "run" links the
 * build adds under YAML blocks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import { describe, expect, test } from 'vitest';
import { analyze, MAX_WIDGET_INPUT, sourceLines } from '../../../components/widgets/analyze.ts';
import { diffRules } from '../../../components/widgets/diff.ts';
import { topologySource } from '../../../components/widgets/topology.ts';
import { decodeManifest, manifestFragment } from '../../../src/utils/manifest-fragment.ts';
import { isRunnableManifest, remarkRunManifest } from '../../../src/plugins/remark-run-manifest.ts';

const example = readFileSync(join(import.meta.dirname, '../../../content/kubernetes/examples/explorer-default.yaml'), 'utf8');

describe('analyze', () => {
	test('the example: three Pods behind a NodePort Service, reached by the ClusterIP and the node port', () => {
		const a = analyze(example);
		expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		const [web] = a.services;
		expect(web.ports[0].endpoints.map((e) => e.port)).toEqual([8080, 8080, 8080]);
		expect(web.ports[0].access.map((x) => x.kind)).toEqual(['clusterIP', 'nodePort']);
		expect(a.rules.some((l) => l.text.includes('--dport 30080'))).toBe(true);
		expect(a.records.some((r) => r.name === 'web.shop.svc.cluster.local.' && r.type === 'A')).toBe(true);
	});
	test('an invalid port is an error at its line, and the rest still computes', () => {
		const text = example.replace('nodePort: 30080', 'nodePort: 80');
		const a = analyze(text);
		const line = text.split('\n').findIndex((l) => l.includes('nodePort: 80')) + 1;
		expect(a.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', line, message: expect.stringContaining('provided port is not in the valid range') }));
		expect(a.services).toHaveLength(1);
	});
	test('broken YAML is an error with a line; nothing throws', () => {
		const a = analyze('apiVersion: v1\nkind: Service\nmetadata: {name: [\n');
		expect(a.diagnostics.some((d) => d.severity === 'error' && d.line !== undefined)).toBe(true);
		expect(a.services).toEqual([]);
	});
	test('a paste over the limit is refused before it is parsed', () => {
		const a = analyze('#'.repeat(MAX_WIDGET_INPUT + 1));
		expect(a.unreadable).toBe(true);
		expect(a.diagnostics[0].message).toMatch(/npx svcnet/);
	});
	test('a rule knows the manifest lines that produced it', () => {
		const a = analyze(example);
		const nodePortRule = a.rules.find((l) => l.rule && l.text.startsWith('-A KUBE-NODEPORTS') && l.text.includes('--dport 30080'))!;
		const lines = sourceLines(a, nodePortRule.rule!.source);
		const text = example.split('\n');
		expect(lines.map((l) => text[l - 1].trim())).toEqual(['name: web', 'nodePort: 30080']);
	});
	test('the nftables tab: the same node\'s kube-proxy table, its service-ips element traced back to the Service', () => {
		const a = analyze(example);
		expect(a.nft[0].text).toBe('table ip kube-proxy {');
		const element = a.nft.find((l) => l.element && l.text.includes(': goto service-') && l.text.includes('. tcp . 80'))!;
		expect(element.text).toContain(a.services[0].clusterIPs[0]);
		const text = example.split('\n');
		expect(sourceLines(a, element.element!.source).map((l) => text[l - 1].trim())).toContain('name: web');
	});
	test('policy toggles rewrite the Services, not the text: externalTrafficPolicy Local adds the KUBE-EXT pod rule', () => {
		const before = analyze(example).rules.map((l) => l.text);
		const after = analyze(example, { toggles: { externalTrafficPolicy: 'Local' } }).rules.map((l) => l.text);
		const diff = diffRules(before, after);
		// Local: no masquerade for outside clients, and a KUBE-SVL chain of this node's endpoints only.
		expect(diff.removed.some((l) => l.includes('"masquerade traffic for shop/web:http external destinations"'))).toBe(true);
		expect(diff.added.some((l) => l.includes('"masquerade LOCAL traffic for shop/web:http external destinations"'))).toBe(true);
		expect(diff.added.some((l) => /^:KUBE-SVL-/.test(l))).toBe(true);
	});
});

describe('diffRules', () => {
	test('counts repeated lines: one of two identical lines removed is one removal', () => {
		expect(diffRules(['a', 'b', 'a'], ['a', 'b', 'c'])).toEqual({ added: ['c'], removed: ['a'] });
	});
});

describe('topologySource', () => {
	test('a client, one box per way in, the Pods grouped by node', () => {
		const src = topologySource(analyze(example).services, 'en');
		expect(src).toMatch(/^flowchart LR/);
		expect(src).toContain('subgraph');
		expect(src.match(/-->\|/g)).toHaveLength(6);
	});
	test('hostile names cannot break out of a label', () => {
		const hostile = example.replaceAll('name: web', 'name: "web\\"]; click w1 call alert(1) <img src=x onerror=alert(1)>"');
		const src = topologySource(analyze(hostile).services, 'zh');
		for (const line of src.split('\n')) expect((line.match(/"/g) ?? []).length % 2).toBe(0);
		// Inside labels: no markup, no statement separators, no way to close the label early.
		for (const [, text] of src.matchAll(/"([^"]*)"/g)) expect(text).not.toMatch(/[<>;{}|`&#"]/);
	});
});

describe('manifest links', () => {
	test('round-trip any text, including non-ASCII', () => {
		const text = `${example}\n# 注释 ✓\n`;
		expect(decodeManifest(manifestFragment(text), MAX_WIDGET_INPUT)).toEqual({ text });
	});
	test('a cut or oversized fragment is an error, not an exception', () => {
		const cut = manifestFragment('é').slice(0, -1);
		expect(decodeManifest(cut, MAX_WIDGET_INPUT)).toEqual({ error: expect.any(String) });
		expect(decodeManifest(`#manifest=${'A'.repeat(2000)}`, 1024)).toEqual({ error: expect.stringContaining('larger') });
		expect(decodeManifest('#other=1', 1024)).toBeUndefined();
	});
});

describe('"run" links under YAML blocks', () => {
	const run = (path: string, md: string) => {
		const processor = unified().use(remarkParse).use(remarkMdx).use(remarkRunManifest, { contentDir: '/site/content' });
		const tree = processor.runSync(processor.parse(md), { path });
		return JSON.stringify(tree);
	};
	test('a Service block gets a link to the explorer relative to the page, carrying the manifest', () => {
		const yaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80';
		const out = run('/site/content/kubernetes/service-access.mdx', `\`\`\`yaml\n${yaml}\n\`\`\`\n`);
		expect(out).toContain(`../../tools/service-explorer/${manifestFragment(yaml)}`);
		expect(run('/site/content/en/kubernetes/dns.mdx', `\`\`\`yaml\n${yaml}\n\`\`\`\n`)).toContain('../../tools/service-explorer/#manifest=');
	});
	test('other YAML (a ConfigMap, a Corefile, plain config) gets none', () => {
		expect(isRunnableManifest({ lang: 'yaml', value: 'apiVersion: v1\nkind: ConfigMap\n' })).toBe(false);
		expect(isRunnableManifest({ lang: 'yaml', value: 'mode: iptables\n' })).toBe(false);
		expect(isRunnableManifest({ lang: 'bash', value: 'apiVersion: v1\nkind: Service\n' })).toBe(false);
		expect(isRunnableManifest({ lang: 'yaml', value: 'apiVersion: apps/v1\nkind: Deployment\n' })).toBe(true);
	});
});
