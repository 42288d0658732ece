/**
 * The manifest editor: a plain textarea (so every browser's editing, undo and accessibility work)
 * over a gutter of line numbers and a layer that marks lines: errors in the gutter, and the lines
 * a selected rule or row came from. Lines never wrap, so marks stay aligned with the text.
 */
import { useEffect, useRef } from 'preact/hooks';

export interface ManifestEditorProps {
	id: string;
	value: string;
	label: string;
	help: string;
	/** Line (1-based) → the error shown on it. */
	errors: Map<number, string>;
	/** Lines to highlight (the source of what the reader selected). */
	highlight: number[];
	onInput: (text: string) => void;
}

/** The CSS line height of the editor, in ems (widgets.css uses the same). */
const LINE_EM = 1.5;

export function ManifestEditor({ id, value, label, help, errors, highlight, onInput }: ManifestEditorProps) {
	const layers = useRef<HTMLDivElement>(null);
	const lineCount = value.split('\n').length;
	const numbers = Array.from({ length: lineCount }, (_, i) => String(i + 1)).join('\n');
	const errorList = [...errors].sort((a, b) => a[0] - b[0]);
	const text = useRef<HTMLTextAreaElement>(null);
	const first = highlight[0];
	useEffect(() => {
		// Bring the first highlighted line into view (the source of a rule may be far down).
		const t = text.current;
		if (!t || first === undefined) return;
		const lineHeight = parseFloat(getComputedStyle(t).lineHeight) || 20;
		const top = (first - 1) * lineHeight;
		if (top < t.scrollTop || top > t.scrollTop + t.clientHeight - 2 * lineHeight) t.scrollTop = Math.max(0, top - 3 * lineHeight);
	}, [first]);
	const onScroll = (e: Event) => {
		const t = e.currentTarget as HTMLTextAreaElement;
		if (layers.current) layers.current.style.transform = `translateY(${-t.scrollTop}px)`;
	};
	return (
		<div class="svx-editor">
			<label class="svx-editor-label" for={`${id}-text`}>
				{label}
			</label>
			<div class="svx-editor-frame" style={{ '--lines': Math.min(Math.max(lineCount, 8), 28) }}>
				{/* Behind the (transparent) textarea: line numbers and line marks, moved as it scrolls. */}
				<div class="svx-editor-layer" ref={layers} aria-hidden="true">
					{errorList.map(([line]) => (
						<span key={`e${line}`} class="svx-mark svx-mark-error" style={{ top: `${(line - 1) * LINE_EM}em` }} />
					))}
					{highlight.map((line) => (
						<span key={`h${line}`} class="svx-mark svx-mark-source" style={{ top: `${(line - 1) * LINE_EM}em` }} />
					))}
					{/* One text node for the numbers: cheap for a long paste. */}
					<pre class="svx-editor-numbers">{numbers}</pre>
				</div>
				<textarea
					ref={text}
					id={`${id}-text`}
					class="svx-editor-text"
					value={value}
					spellcheck={false}
					autocomplete="off"
					autocapitalize="off"
					wrap="off"
					aria-describedby={`${id}-help ${id}-errors`}
					aria-invalid={errors.size > 0}
					onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
					onScroll={onScroll}
				/>
			</div>
			<p id={`${id}-help`} class="svx-editor-help">
				{help}
			</p>
			<ul id={`${id}-errors`} class="svx-editor-errors" aria-live="polite">
				{errorList.slice(0, 8).map(([line, message]) => (
					<li key={line}>
						<span class="svx-line">{line}</span> {message}
					</li>
				))}
			</ul>
		</div>
	);
}
