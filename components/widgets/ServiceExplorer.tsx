/**
 * The Service explorer: a manifest the reader edits, and tabs computed from it by the engine on
 * every edit (ports, iptables, DNS, topology, validation). Rendered on the server for the example
 * as written (readers without JavaScript get every tab), then hydrated when it comes into view.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PortView, RuleSource, ServiceView } from '../../src/k8s/index.ts';
import { analyze, type Analysis, MAX_WIDGET_INPUT, type PolicyToggles, portLines, sourceLines } from './analyze.ts';
import { diffRules } from './diff.ts';
import { type Lang, strings } from './i18n.ts';
import { ManifestEditor } from './ManifestEditor.tsx';
import { decodeManifest, manifestFragment } from '../../src/utils/manifest-fragment.ts';
import { useComputeReport } from './compute-report.ts';
import { topologySource } from './topology.ts';

export const TABS = ['ports', 'iptables', 'nftables', 'dns', 'topology', 'validate'] as const;
export type Tab = (typeof TABS)[number];

export interface ServiceExplorerProps {
	id: string;
	manifest: string;
	tab?: Tab;
	node?: string;
	lang: Lang;
	/** The explorer page, relative to this page. */
	explorer: string;
	/** The full explorer page: reads the manifest from the URL fragment and keeps it there. */
	standalone?: boolean;
	/** The topology of the manifest as written, drawn at build time (an Astro slot)… */
	topology?: ComponentChildren;
	/** …when there is one (Astro passes an empty slot otherwise). */
	topologyDrawn?: boolean;
}

/** Rule lines listed in the iptables tab before it points to the CLI for the rest. */
const MAX_RULE_LINES = 1500;

type Selection = { kind: 'rule'; key: string; source?: RuleSource } | { kind: 'port'; service: string; port: string; lines: number[] } | undefined;

function endpointState(e: PortView['endpoints'][number], t: ReturnType<typeof strings>): string {
	if (e.ready) return t.ready;
	if (e.serving && e.terminating) return t.terminatingServing;
	if (e.terminating) return t.terminating;
	return t.notReady;
}

function timed<T>(fn: () => T): { value: T; ms: number } {
	const start = performance.now();
	const value = fn();
	return { value, ms: performance.now() - start };
}

export default function ServiceExplorer(props: ServiceExplorerProps) {
	const t = strings(props.lang);
	const [text, setText] = useState(props.manifest);
	const [tab, setTab] = useState<Tab>(props.tab && TABS.includes(props.tab) ? props.tab : 'ports');
	const [node, setNode] = useState(props.node);
	const [toggles, setToggles] = useState<PolicyToggles>({});
	const [selection, setSelection] = useState<Selection>();
	const [hydrated, setHydrated] = useState(false);
	const [linkStatus, setLinkStatus] = useState('');
	const [loadError, setLoadError] = useState('');
	const root = useRef<HTMLDivElement>(null);

	const { value: analysis, ms } = useMemo(() => timed(() => analyze(text, { node })), [text, node]);
	const toggled = Object.values(toggles).some(Boolean);
	const variant = useMemo(() => (toggled ? analyze(text, { node, toggles }) : undefined), [text, node, toggles, toggled]);
	const shown: Analysis = variant ?? analysis;

	useEffect(() => {
		setHydrated(true);
		if (!props.standalone) return;
		const fromHash = () => {
			const decoded = decodeManifest(location.hash, MAX_WIDGET_INPUT);
			if (!decoded) return;
			if ('error' in decoded) setLoadError(decoded.error);
			else {
				setLoadError('');
				setText(decoded.text);
			}
		};
		fromHash();
		addEventListener('hashchange', fromHash);
		return () => removeEventListener('hashchange', fromHash);
	}, []);
	useComputeReport(root, ms, analysis);

	const errors = new Map<number, string>();
	for (const d of analysis.diagnostics) if (d.severity === 'error' && d.line && !errors.has(d.line)) errors.set(d.line, d.message);
	const highlight =
		selection?.kind === 'rule' ? sourceLines(shown, selection.source) : selection?.kind === 'port' ? selection.lines : [];

	const edit = (value: string) => {
		setText(value);
		setSelection(undefined);
		// A link can only carry what the page could compute; past that the address keeps no manifest.
		if (props.standalone) history.replaceState(null, '', value.length <= MAX_WIDGET_INPUT ? manifestFragment(value) : location.pathname);
	};
	const copyLink = async () => {
		const url = new URL(props.explorer, location.href);
		if (text.length <= MAX_WIDGET_INPUT) url.hash = manifestFragment(text).slice(1);
		try {
			await navigator.clipboard.writeText(url.href);
			setLinkStatus(t.copied);
		} catch {
			setLinkStatus(t.copyFailed);
		}
		if (props.standalone) history.replaceState(null, '', url.hash ? `#${url.hash.slice(1)}` : '');
	};
	const explorerHref = props.standalone ? '' : `${props.explorer}${text.length <= MAX_WIDGET_INPUT ? manifestFragment(text) : ''}`;

	const tabButton = (name: Tab) => (
		<button
			type="button"
			role="tab"
			id={`${props.id}-tab-${name}`}
			aria-selected={tab === name}
			aria-controls={`${props.id}-panel-${name}`}
			tabIndex={tab === name ? 0 : -1}
			class="svx-tab"
			onClick={() => setTab(name)}
			onKeyDown={(e) => {
				const i = TABS.indexOf(name);
				const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : undefined;
				if (!next) return;
				e.preventDefault();
				setTab(next);
				root.current?.querySelector<HTMLElement>(`#${props.id}-tab-${next}`)?.focus();
			}}
		>
			{t.tabs[name]}
		</button>
	);
	const panel = (name: Tab, body: ComponentChildren) => (
		<section
			role="tabpanel"
			id={`${props.id}-panel-${name}`}
			aria-labelledby={`${props.id}-tab-${name}`}
			class="svx-panel"
			hidden={tab !== name}
			data-tab={name}
		>
			{/* Without JavaScript every panel shows, one after another, each under its name. */}
			<h3 class="svx-panel-title">{t.tabs[name]}</h3>
			{body}
		</section>
	);

	return (
		<div class="svx not-content" id={props.id} ref={root} data-hydrated={hydrated ? '' : undefined} data-widget="service-explorer">
			<ManifestEditor
				id={props.id}
				value={text}
				label={t.manifest}
				help={t.editorHelp}
				errors={errors}
				highlight={highlight}
				onInput={edit}
			/>
			{analysis.diagnostics
				.filter((d) => d.severity === 'error' && !d.line)
				.slice(0, 3)
				.map((d, i) => (
					<p class="svx-error" role="alert" key={i}>
						{d.message}
					</p>
				))}
			{loadError && (
				<p class="svx-error" role="alert">
					{loadError}
				</p>
			)}
			<div class="svx-actions">
				<button type="button" onClick={() => edit(props.manifest)} disabled={text === props.manifest}>
					{t.reset}
				</button>
				<button type="button" onClick={copyLink}>
					{t.copyLink}
				</button>
				{!props.standalone && <a href={explorerHref}>{t.openExplorer}</a>}
				<span class="svx-status" role="status">
					{linkStatus}
				</span>
			</div>
			<div class="svx-tabs" role="tablist" aria-label={t.tablist}>
				{TABS.map(tabButton)}
			</div>
			{analysis.unreadable && <p class="svx-error">{t.unreadable}</p>}
			{panel('ports', <PortsTab analysis={shown} t={t} selection={selection} onSelect={setSelection} />)}
			{panel(
				'iptables',
				<IptablesTab
					id={props.id}
					base={analysis}
					shown={shown}
					t={t}
					toggles={toggles}
					onToggles={setToggles}
					node={analysis.node}
					onNode={setNode}
					selection={selection}
					onSelect={setSelection}
				/>,
			)}
			{panel('nftables', <NftTab id={props.id} analysis={shown} t={t} selection={selection} onSelect={setSelection} />)}
			{panel('dns', <DnsTab analysis={shown} t={t} />)}
			{panel(
				'topology',
				<TopologyTab
					source={topologySource(shown.services, props.lang)}
					initial={props.topologyDrawn && text === props.manifest && !toggled ? props.topology : undefined}
					active={tab === 'topology' && hydrated}
					t={t}
				/>,
			)}
			{panel('validate', <ValidateTab analysis={analysis} t={t} />)}
		</div>
	);
}

type T = ReturnType<typeof strings>;

function PortsTab({ analysis, t, selection, onSelect }: { analysis: Analysis; t: T; selection: Selection; onSelect: (s: Selection) => void }) {
	if (analysis.services.length === 0) return <p>{t.noServices}</p>;
	const select = (svc: ServiceView, p: PortView) =>
		onSelect({ kind: 'port', service: `${svc.namespace}/${svc.name}`, port: p.name, lines: portLines(analysis, svc, p.index) });
	return (
		<div class="svx-ports">
			{analysis.services.map((svc) => (
				<div class="svx-service" key={`${svc.namespace}/${svc.name}`}>
					<h4>
						Service {svc.namespace}/{svc.name} <span class="svx-badge">{svc.type}</span>
						{svc.clusterIPs.length > 0 && <code>{svc.clusterIPs.join(', ')}</code>}
						{svc.externalTrafficPolicy && <span class="svx-badge">externalTrafficPolicy: {svc.externalTrafficPolicy}</span>}
						{svc.internalTrafficPolicy === 'Local' && <span class="svx-badge">internalTrafficPolicy: Local</span>}
						{svc.sessionAffinity === 'ClientIP' && <span class="svx-badge">sessionAffinity: ClientIP</span>}
					</h4>
					{svc.ports.map((p) => {
						const selected = selection?.kind === 'port' && selection.service === `${svc.namespace}/${svc.name}` && selection.port === p.name;
						return (
							<div class="svx-port" key={p.index}>
								<button type="button" class="svx-port-head" aria-pressed={selected} onClick={() => select(svc, p)}>
									port {p.name ? `${p.name} ` : ''}
									{p.port}/{p.protocol} → targetPort {String(p.targetPort)}
									{p.nodePort !== undefined ? ` · nodePort ${p.nodePort}` : ''}
								</button>
								<table class="svx-table">
									<thead>
										<tr>
											<th scope="col">{t.wayIn}</th>
											<th scope="col">{t.kind}</th>
											<th scope="col">{t.reaches}</th>
										</tr>
									</thead>
									<tbody>
										{p.access.slice(0, 200).map((a, i) => (
											<tr key={i} onClick={() => select(svc, p)} class={selected ? 'svx-selected' : undefined}>
												<td>
													<code>{a.address}</code>
												</td>
												<td>{a.kind}</td>
												<td>
													{a.kind === 'externalName' ? '—' : t.ofEndpoints(a.reaches.length, p.endpoints.length)}
													{a.reaches.length > 0 && a.kind !== 'externalName' && (
														<span class="svx-reach"> → {a.reaches.map((r) => `${p.endpoints[r].ip}:${p.endpoints[r].port}`).join(', ')}</span>
													)}
													{a.note && <span class="svx-note"> ({a.note})</span>}
												</td>
											</tr>
										))}
									</tbody>
								</table>
								{p.access.length > 200 && <p class="svx-note">… {p.access.length - 200}</p>}
								{p.endpoints.length === 0 ? (
									<p class="svx-note">{t.noEndpoints}</p>
								) : (
									<table class="svx-table">
										<thead>
											<tr>
												<th scope="col">{t.endpoint}</th>
												<th scope="col">{t.pod}</th>
												<th scope="col">{t.node}</th>
												<th scope="col">{t.state}</th>
											</tr>
										</thead>
										<tbody>
											{p.endpoints.slice(0, 200).map((e, i) => (
												<tr key={i}>
													<td>
														<code>
															{e.ip}:{e.port}
														</code>
													</td>
													<td>{e.pod ?? '—'}</td>
													<td>{e.node ?? '—'}</td>
													<td>{endpointState(e, t)}</td>
												</tr>
											))}
										</tbody>
									</table>
								)}
							</div>
						);
					})}
				</div>
			))}
		</div>
	);
}

interface IptablesTabProps {
	id: string;
	base: Analysis;
	shown: Analysis;
	t: T;
	toggles: PolicyToggles;
	onToggles: (t: PolicyToggles) => void;
	node: string;
	onNode: (n: string) => void;
	selection: Selection;
	onSelect: (s: Selection) => void;
}

function IptablesTab({ id, base, shown, t, toggles, onToggles, node, onNode, selection, onSelect }: IptablesTabProps) {
	const diff = Object.values(toggles).some(Boolean) ? diffRules(base.rules.map((l) => l.text), shown.rules.map((l) => l.text)) : undefined;
	const onPath = (source?: RuleSource) =>
		selection?.kind === 'port' && source?.service === selection.service && source.port === selection.port;
	const toggle = (key: keyof PolicyToggles, values: string[]) => (
		<label class="svx-toggle">
			<span>{t[key === 'externalTrafficPolicy' ? 'etp' : key === 'internalTrafficPolicy' ? 'itp' : 'affinity']}</span>
			<select
				value={toggles[key] ?? ''}
				onChange={(e) => onToggles({ ...toggles, [key]: (e.currentTarget as HTMLSelectElement).value || undefined })}
			>
				<option value="">{t.asWritten}</option>
				{values.map((v) => (
					<option value={v} key={v}>
						{v}
					</option>
				))}
			</select>
		</label>
	);
	return (
		<div class="svx-iptables">
			<div class="svx-controls">
				{base.nodes.length > 1 && (
					<label class="svx-toggle">
						<span>{t.node}</span>
						<select value={node} onChange={(e) => onNode((e.currentTarget as HTMLSelectElement).value)}>
							{base.nodes.map((n) => (
								<option value={n} key={n}>
									{n}
								</option>
							))}
						</select>
					</label>
				)}
				<fieldset class="svx-toggles">
					<legend>{t.toggles}</legend>
					{toggle('externalTrafficPolicy', ['Cluster', 'Local'])}
					{toggle('internalTrafficPolicy', ['Cluster', 'Local'])}
					{toggle('sessionAffinity', ['None', 'ClientIP'])}
				</fieldset>
			</div>
			{diff && (
				<div class="svx-diff" aria-live="polite">
					<p>{diff.added.length + diff.removed.length === 0 ? t.noDiff : t.diffTitle(diff.added.length, diff.removed.length)}</p>
					{diff.added.length + diff.removed.length > 0 && (
						<pre>
							{diff.removed.map((l, i) => (
								<span class="svx-del" key={`d${i}`}>
									{`- ${l}\n`}
								</span>
							))}
							{diff.added.map((l, i) => (
								<span class="svx-add" key={`a${i}`}>
									{`+ ${l}\n`}
								</span>
							))}
						</pre>
					)}
				</div>
			)}
			<p class="svx-note">
				{t.rulesFor(shown.node)}
				{t.clickRule}
			</p>
			<pre class="svx-rules" aria-label={t.rulesFor(shown.node)}>
				{shown.rules.slice(0, MAX_RULE_LINES).map((line, i) =>
					line.rule ? (
						<button
							type="button"
							key={i}
							id={`${id}-rule-${i}`}
							class={`svx-rule${onPath(line.rule.source) ? ' svx-on-path' : ''}${selection?.kind === 'rule' && selection.key === `ipt-${i}` ? ' svx-selected' : ''}`}
							onClick={() => onSelect({ kind: 'rule', key: `ipt-${i}`, source: line.rule!.source })}
						>
							{line.text}
						</button>
					) : (
						<span key={i} class="svx-rule-decl">
							{line.text}
						</span>
					),
				)}
				{shown.rules.length > MAX_RULE_LINES && <span class="svx-note">{`… ${shown.rules.length - MAX_RULE_LINES} (npx svcnet iptables)`}</span>}
			</pre>
		</div>
	);
}

function NftTab({ id, analysis, t, selection, onSelect }: { id: string; analysis: Analysis; t: T; selection: Selection; onSelect: (s: Selection) => void }) {
	const onPath = (source?: RuleSource) => selection?.kind === 'port' && source?.service === selection.service && source.port === selection.port;
	return (
		<div class="svx-iptables">
			<p class="svx-note">
				{t.nftFor(analysis.node)}
				{t.clickRule}
			</p>
			<pre class="svx-rules" aria-label={t.nftFor(analysis.node)}>
				{analysis.nft.slice(0, MAX_RULE_LINES).map((line, i) => {
					const source = line.rule?.source ?? line.element?.source;
					return source ? (
						<button
							type="button"
							key={i}
							id={`${id}-nft-${i}`}
							class={`svx-rule${onPath(source) ? ' svx-on-path' : ''}${selection?.kind === 'rule' && selection.key === `nft-${i}` ? ' svx-selected' : ''}`}
							onClick={() => onSelect({ kind: 'rule', key: `nft-${i}`, source })}
						>
							{line.text}
						</button>
					) : (
						<span key={i} class="svx-rule-decl">
							{line.text || ' '}
						</span>
					);
				})}
				{analysis.nft.length > MAX_RULE_LINES && <span class="svx-note">{`… ${analysis.nft.length - MAX_RULE_LINES} (npx svcnet nft)`}</span>}
			</pre>
		</div>
	);
}

function DnsTab({ analysis, t }: { analysis: Analysis; t: T }) {
	const records = analysis.records;
	return (
		<div class="svx-dns">
			<p class="svx-note">{t.records(records.length)}</p>
			<pre class="svx-records">{records.slice(0, 2000).map((r) => `${r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`).join('\n')}</pre>
		</div>
	);
}

function ValidateTab({ analysis, t }: { analysis: Analysis; t: T }) {
	const problems = analysis.diagnostics.filter((d) => d.severity !== 'info');
	const filled = analysis.diagnostics.filter((d) => d.severity === 'info');
	return (
		<div class="svx-validate">
			{problems.length === 0 ? (
				<p class="svx-ok">{t.valid}</p>
			) : (
				<ul class="svx-problems">
					{problems.map((d, i) => (
						<li key={i} class={`svx-${d.severity}`}>
							{d.line && <span class="svx-line">{t.errorAt(d.line)}</span>} {d.message}
						</li>
					))}
				</ul>
			)}
			{filled.length > 0 && (
				<details>
					<summary>
						{t.filled} ({filled.length})
					</summary>
					<ul>
						{filled.slice(0, 300).map((d, i) => (
							<li key={i}>{d.message}</li>
						))}
					</ul>
				</details>
			)}
		</div>
	);
}

function TopologyTab({ source, initial, active, t }: { source: string; initial?: ComponentChildren; active: boolean; t: T }) {
	const [svg, setSvg] = useState<{ source: string; svg?: string; error?: string }>();
	useEffect(() => {
		if (initial || !active || svg?.source === source) return;
		let cancelled = false;
		import('../mermaid/render-diagrams.ts')
			.then((m) => m.renderMermaidSvg(source))
			.then(
				(out) => !cancelled && setSvg({ source, svg: out }),
				// From disk (the offline export) the browser refuses to load mermaid: say how to get the drawing.
				(error) => !cancelled && setSvg({ source, error: location.protocol === 'file:' ? t.diagramNeedsServer : error instanceof Error ? error.message : String(error) }),
			);
		return () => {
			cancelled = true;
		};
	}, [source, initial, active]);
	return (
		<div class="svx-topology">
			<p class="svx-note">{t.topologyNote}</p>
			{initial ? (
				initial
			) : svg?.source === source && svg.svg ? (
				// mermaid's own SVG, rendered with securityLevel 'strict' from labels topology.ts filtered.
				<div class="svx-diagram" dangerouslySetInnerHTML={{ __html: svg.svg }} />
			) : svg?.source === source && svg.error ? (
				<p class="svx-error">
					{t.diagramFailed}
					{svg.error}
				</p>
			) : (
				<p class="svx-note">{active ? t.drawing : t.drawnOnOpen}</p>
			)}
			<details class="svx-diagram-source" open={!initial && !active}>
				<summary>Mermaid</summary>
				<pre>{source}</pre>
			</details>
		</div>
	);
}
