/**
 * Turns a ```mermaid fence into the <MermaidDiagram code="…"/> component, so the diagram's
 * script ships only with pages that have one (Astro includes a component's <script> only where
 * the component renders). With JavaScript off, the component shows the diagram's source.
 */
import type { Code, Root } from 'mdast';
import { visit } from 'unist-util-visit';

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
	return (tree: Root, file: { path?: string }) => {
		// Only MDX can import a component; .md notes keep the fence as a code block.
		if (!file.path?.endsWith('.mdx')) return;
		let found = false;
		visit(tree, 'code', (node: Code, index, parent) => {
			if (node.lang !== 'mermaid' || !parent || index === undefined) return;
			parent.children[index] = diagramNode(node) as never;
			found = true;
		});
		if (found) tree.children.unshift(importNode(component) as never);
	};
}
