/**
 * Renders every `[data-mermaid]` figure with mermaid, loaded on first use (so its code is fetched
 * only by pages that show a diagram), and renders them again when the reader switches theme.
 */
type Mermaid = typeof import('mermaid').default;

let mermaidLoad: Promise<Mermaid> | undefined;
let counter = 0;

function loadMermaid(): Promise<Mermaid> {
	mermaidLoad ??= import('mermaid').then((m) => m.default);
	return mermaidLoad;
}

function currentTheme(): 'dark' | 'default' {
	return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'default';
}

/** Renders one figure; a diagram that fails to parse shows the error and keeps its source visible. */
export async function renderDiagram(figure: HTMLElement): Promise<void> {
	const source = figure.querySelector('.mermaid-source')?.textContent ?? '';
	const theme = currentTheme();
	const mermaid = await loadMermaid();
	mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme });
	let output = figure.querySelector<HTMLElement>('.mermaid-output');
	if (!output) {
		output = document.createElement('div');
		output.className = 'mermaid-output';
		figure.prepend(output);
	}
	try {
		const { svg } = await mermaid.render(`mermaid-diagram-${++counter}`, source);
		// mermaid's own output, sanitised by it under securityLevel 'strict'.
		output.innerHTML = svg;
		figure.dataset.rendered = theme;
		figure.classList.remove('mermaid-error');
	} catch (error) {
		output.textContent = `图表无法渲染（diagram error）：${error instanceof Error ? error.message : String(error)}`;
		figure.classList.add('mermaid-error');
		delete figure.dataset.rendered;
	}
}

async function renderAll(root: ParentNode): Promise<void> {
	for (const figure of root.querySelectorAll<HTMLElement>('[data-mermaid]')) await renderDiagram(figure);
}

let watching = false;

/** Renders the diagrams now and whenever the theme changes. Safe to call more than once. */
export function watchDiagrams(root: Document): void {
	if (watching) return;
	watching = true;
	void renderAll(root);
	new MutationObserver(() => {
		const theme = currentTheme();
		const stale = [...root.querySelectorAll<HTMLElement>('[data-mermaid]')].some((f) => f.dataset.rendered !== theme);
		if (stale) void renderAll(root);
	}).observe(root.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}
