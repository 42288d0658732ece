/**
 * Turns a ```mermaid fence into the <MermaidDiagram code="…"/> component, which draws it at build
 * time. A diagram mermaid cannot parse fails the build here, where the note and line are known.
 */
import type { Code, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { MermaidSyntaxError, prerenderAvailable, prerenderMermaid } from '../mermaid/prerender.ts';

interface VFileLike {
	path?: string;
	fail(reason: string, place?: unknown): never;
}

const LOCAL_NAME = '__OpsNotesMermaidDiagram';

function importNode(componentPath: string) {
	return {
		type: 'mdxjsEsm',
		value: `import ${LOCAL_NAME} from ${JSON.stringify(componentPath)};`,
		data: {
			estree: {
				type: 'Program',
				sourceType: 'module',
				body: [
					{
						type: 'ImportDeclaration',
						specifiers: [{ type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name: LOCAL_NAME } }],
						source: { type: 'Literal', value: componentPath, raw: JSON.stringify(componentPath) },
					},
				],
			},
		},
	};
}

function diagramNode(code: Code) {
	return {
		type: 'mdxJsxFlowElement',
		name: LOCAL_NAME,
		attributes: [{ type: 'mdxJsxAttribute', name: 'code', value: code.value }],
		children: [],
		position: code.position,
	};
}

export function remarkMermaid({ component }: { component: string }) {
	return async (tree: Root, file: VFileLike) => {
		// Only MDX can import a component; .md notes keep the fence as a code block.
		if (!file.path?.endsWith('.mdx')) return;
		const fences: Code[] = [];
		visit(tree, 'code', (node: Code, index, parent) => {
			if (node.lang !== 'mermaid' || !parent || index === undefined) return;
			fences.push(node);
			parent.children[index] = diagramNode(node) as never;
		});
		if (fences.length === 0) return;
		tree.children.unshift(importNode(component) as never);
		if (!prerenderAvailable()) return;
		for (const fence of fences) {
			try {
				await prerenderMermaid(fence.value);
			} catch (error) {
				if (!(error instanceof MermaidSyntaxError)) throw error;
				file.fail(`mermaid 图表无法解析（diagram does not parse）：${error.message.split('\n')[0]}`, fence.position);
			}
		}
	};
}
