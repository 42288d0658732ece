/**
 * Adds a "run" link under every YAML block of a note that holds a Service, Pod or workload: it
 * opens the Service explorer page with that manifest (carried in the URL fragment). The link is
 * relative to the note's page, so it works under a base path and in the offline export.
 */
import type { Code, Root } from 'mdast';
import { relative, sep } from 'node:path';
import { visit } from 'unist-util-visit';
import { notePathToUrl, relativeUrl } from '../links/page-paths.ts';
import { manifestFragment } from '../utils/manifest-fragment.ts';

/** Kinds the explorer computes something for. */
const RUNNABLE = /^\s*kind:\s*["']?(Service|Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|EndpointSlice|Endpoints|List)["']?\s*$/m;

export function isRunnableManifest(node: Pick<Code, 'lang' | 'value'>): boolean {
	return (node.lang === 'yaml' || node.lang === 'yml') && /^\s*apiVersion:/m.test(node.value) && RUNNABLE.test(node.value);
}

function runLink(href: string, en: boolean) {
	const attrs = [
		{ type: 'mdxJsxAttribute', name: 'class', value: 'run-manifest' },
		{ type: 'mdxJsxAttribute', name: 'href', value: href },
	];
	const label = en ? '▶ Run in the Service explorer' : '▶ 在 Service 浏览器中运行';
	return {
		type: 'mdxJsxFlowElement',
		name: 'p',
		attributes: [{ type: 'mdxJsxAttribute', name: 'class', value: 'run-manifest-line' }],
		children: [{ type: 'mdxJsxTextElement', name: 'a', attributes: attrs, children: [{ type: 'text', value: label }] }],
	};
}

export function remarkRunManifest({ contentDir }: { contentDir: string }) {
	return (tree: Root, file: { path?: string }) => {
		if (!file.path || !file.path.endsWith('.mdx')) return;
		const note = relative(contentDir, file.path).split(sep).join('/');
		if (note.startsWith('..')) return;
		const en = note.startsWith('en/');
		const explorer = relativeUrl(notePathToUrl(note), en ? '/en/tools/service-explorer/' : '/tools/service-explorer/');
		visit(tree, 'code', (node: Code, index, parent) => {
			if (!parent || index === undefined || !isRunnableManifest(node)) return;
			// mdast has no type for MDX's JSX nodes; remark-mdx turns this one into <p><a/></p>.
			parent.children.splice(index + 1, 0, runLink(explorer + manifestFragment(node.value), en) as never);
			return index + 2;
		});
	};
}
