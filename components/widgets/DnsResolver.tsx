/**
 * The DNS resolver: a query from a Pod in a namespace, walked through the search list as the
 * Pod's resolver walks it (ndots:5), each name answered as CoreDNS would answer it.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { buildCluster, DEFAULT_DNS, load, type QType, QTYPES, resolve, resolveSettings } from '../../src/k8s/index.ts';
import { MAX_WIDGET_INPUT } from './analyze.ts';
import { type Lang, strings } from './i18n.ts';
import { manifestFragment } from '../../src/utils/manifest-fragment.ts';
import { useComputeReport } from './compute-report.ts';

export interface DnsResolverProps {
	id: string;
	manifest: string;
	namespace?: string;
	name?: string;
	type?: QType;
	lang: Lang;
	/** The explorer page, relative to this page. */
	explorer: string;
}

const { settings } = resolveSettings();

export default function DnsResolver(props: DnsResolverProps) {
	const t = strings(props.lang);
	const root = useRef<HTMLDivElement>(null);
	const cluster = useMemo(() => buildCluster(load(props.manifest.length > MAX_WIDGET_INPUT ? '' : props.manifest), settings), [props.manifest]);
	const firstService = cluster.services[0];
	const [namespace, setNamespace] = useState(props.namespace ?? firstService?.namespace ?? 'default');
	const [name, setName] = useState(props.name ?? firstService?.name ?? 'kubernetes');
	const [type, setType] = useState<QType>(props.type && QTYPES.includes(props.type) ? props.type : 'A');
	const started = performance.now();
	const result = useMemo(() => resolve(cluster, DEFAULT_DNS, { name: name.trim(), type }, namespace), [cluster, name, type, namespace]);
	const ms = performance.now() - started;
	useComputeReport(root, ms, result);
	const namespaces = cluster.namespaces.includes(namespace) ? cluster.namespaces : [...cluster.namespaces, namespace];
	const query = name.trim();
	const dots = query.replace(/\.$/, '').split('.').length - 1;
	const walked = result.tried.length > 1 && !query.endsWith('.') && dots < result.ndots;
	return (
		<div class="svx dnsr not-content" id={props.id} ref={root} data-widget="dns-resolver">
			<div class="svx-controls">
				<label class="svx-toggle">
					<span>{t.clientNs}</span>
					<select value={namespace} onChange={(e) => setNamespace((e.currentTarget as HTMLSelectElement).value)}>
						{namespaces.map((n) => (
							<option value={n} key={n}>
								{n}
							</option>
						))}
					</select>
				</label>
				<label class="svx-toggle svx-grow">
					<span>{t.queryName}</span>
					<input type="text" value={name} spellcheck={false} autocomplete="off" maxLength={1024} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
				</label>
				<label class="svx-toggle">
					<span>{t.queryType}</span>
					<select value={type} onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as QType)}>
						{QTYPES.map((q) => (
							<option value={q} key={q}>
								{q}
							</option>
						))}
					</select>
				</label>
			</div>
			{result.diagnostics
				.filter((d) => d.severity === 'error')
				.map((d, i) => (
					<p class="svx-error" role="alert" key={i}>
						{d.message}
					</p>
				))}
			<h4>{t.resolvConf}</h4>
			<pre class="svx-records">{result.resolvConf}</pre>
			<h4>{t.tried}</h4>
			<table class="svx-table" aria-live="polite">
				<thead>
					<tr>
						<th scope="col">#</th>
						<th scope="col">{t.name}</th>
						<th scope="col">{t.status}</th>
						<th scope="col">{t.answers}</th>
					</tr>
				</thead>
				<tbody>
					{result.tried.map((step, i) => (
						<tr key={i} class={step.status === 'NOERROR' && step.answers > 0 ? 'svx-selected' : undefined}>
							<td>{i + 1}</td>
							<td>
								<code>{step.name}</code>
							</td>
							<td>{step.status === 'FORWARDED' ? t.forwarded : step.status}</td>
							<td>{step.answers}</td>
						</tr>
					))}
				</tbody>
			</table>
			<h4>{t.answer}</h4>
			<p>
				<strong>{result.status === 'FORWARDED' ? t.forwarded : result.status}</strong> · {t.queries(result.queries, result.tried.length, result.types.join(' + '))}
			</p>
			{result.answer.length === 0 ? (
				<p class="svx-note">{t.noAnswer}</p>
			) : (
				<pre class="svx-records">{result.answer.map((r) => `${r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`).join('\n')}</pre>
			)}
			{walked && (
				<details class="svx-why" open>
					<summary>{t.whyMany}</summary>
					<p>{t.whyManyBody(dots, result.ndots)}</p>
					<p>{t.fixes}</p>
				</details>
			)}
			<p>
				<a href={`${props.explorer}${manifestFragment(props.manifest)}`}>{t.openExplorer}</a>
			</p>
		</div>
	);
}
