/**
 * The regex tester: a pattern, its flags, a text; every match highlighted and listed with its
 * groups, and an optional replacement. The pattern runs in a Web Worker with a time limit, so a
 * catastrophically backtracking pattern is stopped with a message instead of freezing the tab.
 * The engine is the browser's (ECMAScript); the note explains how grep, PCRE and Python differ.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type RegexResult, runRegex } from './regex-run.ts';
import { useComputeReport, useHydratedMark } from './compute-report.ts';

export interface RegexTesterProps {
	id: string;
	pattern: string;
	flags?: string;
	text: string;
	replacement?: string;
}

/** Longer texts are refused: the highlighted copy of the text is rendered into the page. */
export const MAX_TEXT = 100_000;
const TIME_LIMIT_MS = 1000;
const FLAGS: Array<{ flag: string; label: string }> = [
	{ flag: 'i', label: 'i 忽略大小写' },
	{ flag: 'm', label: 'm 多行（^ $ 匹配每行）' },
	{ flag: 's', label: 's 点号匹配换行' },
	{ flag: 'u', label: 'u Unicode' },
];

type Runner = (pattern: string, flags: string, text: string, replacement: string | undefined) => Promise<RegexResult>;

/** A worker made from runRegex's own source; undefined where workers are unavailable. */
function workerRunner(): Runner | undefined {
	if (typeof Worker === 'undefined' || typeof Blob === 'undefined') return undefined;
	const source = `const runRegex = ${runRegex.toString()};\nself.onmessage = (e) => { const [p, f, t, r] = e.data; self.postMessage(runRegex(p, f, t, r)); };`;
	const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
	let worker: Worker | undefined;
	let pending: ((r: RegexResult) => void) | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const stop = () => {
		worker?.terminate();
		worker = undefined;
	};
	return (pattern, flags, text, replacement) =>
		new Promise((resolve) => {
			// The newest input wins: a run still going is abandoned.
			if (pending) stop();
			clearTimeout(timer);
			try {
				worker ??= new Worker(url);
			} catch {
				resolve(runRegex(pattern, flags, text, replacement));
				return;
			}
			pending = resolve;
			worker.onmessage = (e: MessageEvent<RegexResult>) => {
				clearTimeout(timer);
				pending = undefined;
				resolve(e.data);
			};
			timer = setTimeout(() => {
				stop();
				pending = undefined;
				resolve({
					error: `超过 ${TIME_LIMIT_MS / 1000} 秒仍未完成，已停止：这个表达式在这段文本上发生了灾难性回溯（例如 (a+)+ 这类嵌套量词）。`,
					matches: [],
					truncated: false,
					ms: TIME_LIMIT_MS,
				});
			}, TIME_LIMIT_MS);
			worker.postMessage([pattern, flags, text, replacement]);
		});
}

/** The text cut into plain runs and matches, for highlighting. */
function segments(text: string, result: RegexResult): Array<{ text: string; match?: number }> {
	const out: Array<{ text: string; match?: number }> = [];
	let at = 0;
	result.matches.forEach((m, i) => {
		if (m.start > at) out.push({ text: text.slice(at, m.start) });
		out.push({ text: text.slice(m.start, m.end), match: i });
		at = Math.max(at, m.end);
	});
	if (at < text.length) out.push({ text: text.slice(at) });
	return out;
}

export default function RegexTester(props: RegexTesterProps) {
	const root = useRef<HTMLDivElement>(null);
	const [pattern, setPattern] = useState(props.pattern);
	const [flags, setFlags] = useState(props.flags ?? '');
	const [text, setText] = useState(props.text);
	const [replacement, setReplacement] = useState(props.replacement ?? '');
	const [useReplacement, setUseReplacement] = useState(props.replacement !== undefined);
	// The example as written is computed right away (at build time too): it is the author's.
	const [result, setResult] = useState<RegexResult>(() => runRegex(props.pattern, props.flags ?? '', props.text, props.replacement));
	const [running, setRunning] = useState(false);
	const runner = useMemo(() => (typeof window === 'undefined' ? undefined : workerRunner()), []);
	const first = useRef(true);

	useEffect(() => {
		if (first.current) {
			first.current = false;
			return;
		}
		if (text.length > MAX_TEXT) {
			setResult({ error: `测试文本超过 ${MAX_TEXT.toLocaleString()} 个字符，请截取一段再试。`, matches: [], truncated: false, ms: 0 });
			return;
		}
		let current = true;
		const handle = setTimeout(() => {
			setRunning(true);
			const run = runner ?? (async (...a: Parameters<typeof runRegex>) => runRegex(...a));
			void run(pattern, flags, text, useReplacement ? replacement : undefined).then((r) => {
				if (!current) return;
				setRunning(false);
				setResult(r);
			});
		}, 120);
		return () => {
			current = false;
			clearTimeout(handle);
		};
	}, [pattern, flags, text, replacement, useReplacement]);
	useHydratedMark(root);
	useComputeReport(root, result.ms, result);

	const toggleFlag = (flag: string) => setFlags((f) => (f.includes(flag) ? f.replace(flag, '') : f + flag));
	const parts = result.error ? [{ text }] : segments(text, result);
	return (
		<div class="svx rxt not-content" id={props.id} ref={root} data-widget="regex-tester">
			<div class="svx-controls">
				<label class="svx-toggle svx-grow">
					<span>正则表达式</span>
					<span class="rxt-pattern">
						<span aria-hidden="true">/</span>
						<input
							type="text"
							value={pattern}
							spellcheck={false}
							autocomplete="off"
							maxLength={5000}
							aria-invalid={result.error ? 'true' : 'false'}
							onInput={(e) => setPattern((e.currentTarget as HTMLInputElement).value)}
						/>
						<span aria-hidden="true">/{flags.split('').sort().join('')}</span>
					</span>
				</label>
			</div>
			<div class="svx-controls" role="group" aria-label="标志">
				{FLAGS.map(({ flag, label }) => (
					<label class="rxt-check" key={flag}>
						<input type="checkbox" checked={flags.includes(flag)} onChange={() => toggleFlag(flag)} />
						<span>{label}</span>
					</label>
				))}
			</div>
			<label class="svx-editor-label">
				测试文本
				<textarea class="rxt-text" rows={Math.min(12, Math.max(3, text.split('\n').length + 1))} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
			</label>
			<div class="svx-controls">
				<label class="rxt-check">
					<input type="checkbox" checked={useReplacement} onChange={() => setUseReplacement((u) => !u)} />
					<span>替换为</span>
				</label>
				<input
					class="svx-grow"
					type="text"
					value={replacement}
					disabled={!useReplacement}
					spellcheck={false}
					aria-label="替换文本（$1、$<name> 引用分组）"
					placeholder="$1、$<name> 引用分组"
					onInput={(e) => setReplacement((e.currentTarget as HTMLInputElement).value)}
				/>
			</div>
			{result.error ? (
				<p class="svx-error" role="alert">
					{result.error}
				</p>
			) : (
				<p class="svx-status" aria-live="polite">
					{running ? '计算中…' : result.matches.length === 0 ? '没有匹配。' : `${result.matches.length}${result.truncated ? '+' : ''} 处匹配${result.truncated ? `（只列出前 ${result.matches.length} 处）` : ''}。`}
				</p>
			)}
			<pre class="svx-records rxt-view">
				{parts.map((p, i) =>
					p.match === undefined ? (
						p.text
					) : (
						<mark key={i} class={p.text === '' ? 'rxt-empty' : undefined} title={`#${p.match + 1}`}>
							{p.text}
						</mark>
					),
				)}
			</pre>
			{result.matches.length > 0 && (
				<table class="svx-table">
					<thead>
						<tr>
							<th scope="col">#</th>
							<th scope="col">位置</th>
							<th scope="col">匹配</th>
							<th scope="col">分组</th>
						</tr>
					</thead>
					<tbody>
						{result.matches.slice(0, 200).map((m, i) => (
							<tr key={i}>
								<td>{i + 1}</td>
								<td>
									{m.start}–{m.end}
								</td>
								<td>
									<code>{m.text}</code>
								</td>
								<td>
									{m.groups.map((g) => (
										<span class="rxt-group" key={g.n}>
											{g.name ? `$${g.n} ${g.name}` : `$${g.n}`} {g.value === undefined ? <em>未参与</em> : <code>{g.value}</code>}
										</span>
									))}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			{result.matches.length > 200 && <p class="svx-note">表格只列出前 200 处匹配；上面的高亮标出了全部 {result.matches.length} 处。</p>}
			{useReplacement && result.replaced !== undefined && !result.error && (
				<>
					<h4>替换结果</h4>
					<pre class="svx-records">{result.replaced}</pre>
				</>
			)}
			<p class="svx-note">引擎：浏览器的 JavaScript（ECMAScript）正则。grep -E、PCRE（grep -P）、Python 的差异见正文。</p>
		</div>
	);
}
