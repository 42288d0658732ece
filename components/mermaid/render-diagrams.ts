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
	// dagre, not ELK: ELK is 1.4 MB of script that a flowchart of a few boxes does not need.
	mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme, layout: 'dagre' });
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

let watching = false;

/**
 * Renders each diagram when it comes near the viewport (mermaid is large: a page whose diagrams
 * are further down does not pay for it until the reader gets there), and renders the diagrams
 * already drawn again when the theme changes. Safe to call more than once.
 */
export function watchDiagrams(root: Document): void {
	if (watching) return;
	watching = true;
	const figures = () => [...root.querySelectorAll<HTMLElement>('[data-mermaid]')];
	const visible = new Set<HTMLElement>();
	const observer = new IntersectionObserver(
		(entries) => {
			for (const entry of entries) {
				const figure = entry.target as HTMLElement;
				if (!entry.isIntersecting) continue;
				visible.add(figure);
				observer.unobserve(figure);
				if (figure.dataset.rendered !== currentTheme()) void renderDiagram(figure);
			}
		},
		{ rootMargin: '200px 0px' },
	);
	for (const figure of figures()) observer.observe(figure);
	new MutationObserver(async () => {
		const theme = currentTheme();
		for (const figure of figures()) {
			if (visible.has(figure) && figure.dataset.rendered !== theme) await renderDiagram(figure);
		}
	}).observe(root.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

/** One diagram's SVG in the current theme (widgets that draw from data rather than a figure). */
export async function renderMermaidSvg(source: string): Promise<string> {
	const mermaid = await loadMermaid();
	mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: currentTheme(), layout: 'dagre' });
	const { svg } = await mermaid.render(`mermaid-widget-${++counter}`, source);
	return svg;
}
