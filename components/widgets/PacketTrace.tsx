/**
 * The packet trace: the first packet of a connection from a source (a Pod, a node, a client
 * outside the cluster) to one of the manifest's ways in, through the rules kube-proxy wrote on the
 * node it meets first: each rule matched, each DNAT choice with its chance, masquerade or not.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import {
	buildCluster,
	iptables,
	load,
	parseTraceFrom,
	parseTraceTo,
	ports,
	type Protocol,
	proxySettings,
	resolveSettings,
	trace,
	traceNode,
} from '../../src/k8s/index.ts';
import { MAX_WIDGET_INPUT } from './analyze.ts';
import { type Lang, strings } from './i18n.ts';
import { manifestFragment } from '../../src/utils/manifest-fragment.ts';
import { useComputeReport } from './compute-report.ts';

export interface PacketTraceProps {
	id: string;
	manifest: string;
	from?: string;
	to?: string;
	protocol?: Protocol;
	node?: string;
	lang: Lang;
	/** The explorer page, relative to this page. */
	explorer: string;
}

const { settings } = resolveSettings();
const OUTSIDE = '203.0.113.7';

export default function PacketTrace(props: PacketTraceProps) {
	const t = strings(props.lang);
	const root = useRef<HTMLDivElement>(null);
	const cluster = useMemo(() => buildCluster(load(props.manifest.length > MAX_WIDGET_INPUT ? '' : props.manifest), settings), [props.manifest]);
	// Sources: every Pod, every node, and a client outside the cluster.
	const sources = useMemo(
		() => [
			...cluster.pods.map((p) => ({ value: `pod/${p.namespace}/${p.name}`, label: `Pod ${p.namespace}/${p.name} (${p.podIPs[0] ?? '—'})` })),
			...cluster.nodes.map((n) => ({ value: `node/${n.name}`, label: `${t.node} ${n.name} (${n.internalIPs[0] ?? '—'})` })),
			{ value: props.from && !props.from.startsWith('pod/') && !props.from.startsWith('node/') ? props.from : OUTSIDE, label: '' },
		].map((s) => (s.label ? s : { ...s, label: `${s.value} (${t.outsideClient})` })),
		[cluster],
	);
	// Destinations: each way in of each Service that has an address and a port.
	const destinations = useMemo(() => {
		const out: { value: string; label: string; protocol: Protocol }[] = [];
		for (const svc of ports(cluster)) {
			for (const p of svc.ports) {
				for (const a of p.access) {
					if (!['clusterIP', 'nodePort', 'loadBalancer', 'externalIP'].includes(a.kind)) continue;
					const address = a.address.replace(/ \(.*\)$/, '');
					if (!parseTraceTo(address) || 'error' in parseTraceTo(address) || out.some((d) => d.value === address)) continue;
					out.push({ value: address, label: `${address} — ${svc.namespace}/${svc.name} ${a.kind}`, protocol: p.protocol });
				}
			}
		}
		if (props.to && !out.some((d) => d.value === props.to)) out.unshift({ value: props.to, label: props.to, protocol: props.protocol ?? 'TCP' });
		return out;
	}, [cluster]);
	const [from, setFrom] = useState(props.from ?? sources[0]?.value ?? OUTSIDE);
	const [to, setTo] = useState(props.to ?? destinations[0]?.value ?? '');
	const protocol = destinations.find((d) => d.value === to)?.protocol ?? props.protocol ?? 'TCP';
	const started = performance.now();
	const result = useMemo(() => {
		const source = parseTraceFrom(from);
		const target = parseTraceTo(to);
		if ('error' in source) return { error: source.error };
		if ('error' in target) return { error: target.error };
		const node = props.node ?? traceNode(cluster, source, target) ?? cluster.nodes[0]?.name ?? '';
		const ruleset = iptables(cluster, node, proxySettings(cluster).settings, target.ip.includes(':') ? 'IPv6' : 'IPv4');
		return { trace: trace(cluster, ruleset, source, target, protocol) };
	}, [cluster, from, to, protocol]);
	const ms = performance.now() - started;
	useComputeReport(root, ms, result);

	return (
		<div class="svx ptrace not-content" id={props.id} ref={root} data-widget="packet-trace">
			<div class="svx-controls">
				<label class="svx-toggle svx-grow">
					<span>{t.from}</span>
					<select value={from} onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}>
						{sources.map((s) => (
							<option value={s.value} key={s.value}>
								{s.label}
							</option>
						))}
					</select>
				</label>
				<label class="svx-toggle svx-grow">
					<span>{t.to}</span>
					<select value={to} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}>
						{destinations.map((d) => (
							<option value={d.value} key={d.value}>
								{d.label}
							</option>
						))}
					</select>
				</label>
			</div>
			{destinations.length === 0 && <p class="svx-note">{t.noTarget}</p>}
			{'error' in result && result.error && (
				<p class="svx-error" role="alert">
					{result.error}
				</p>
			)}
			{result.trace && (
				<div aria-live="polite">
					<p class="svx-note">
						{result.trace.packet.src} → {result.trace.packet.dst}:{result.trace.packet.dport}/{result.trace.packet.protocol} · {t.node} {result.trace.node} ·{' '}
						{t.paths(result.trace.paths.length)}
					</p>
					{result.trace.diagnostics
						.filter((d) => d.severity !== 'info')
						.map((d, i) => (
							<p class="svx-note" key={i}>
								{d.message}
							</p>
						))}
					<ol class="svx-paths">
						{result.trace.paths.map((path, i) => (
							<li key={i} class="svx-path">
								<p class="svx-path-head">
									<strong>
										{path.outcome === 'endpoint' && path.endpoint
											? path.endpoint.pod
												? t.reachesPod(path.endpoint.pod, path.endpoint.node ?? '?')
												: t.reachesEndpoint(`${path.endpoint.ip}:${path.endpoint.port}`)
											: t.outcome[path.outcome]}
									</strong>{' '}
									· {t.probability} {(path.probability * 100).toFixed(path.probability === 1 ? 0 : 1)}%
									{/* Masquerade only matters for a packet that goes on to an endpoint. */}
									{path.outcome === 'endpoint' && ` · ${path.masqueraded ? `${t.masqueraded} → ${path.packet.src}` : t.notMasqueraded}`}
									{path.outcome === 'endpoint' && path.masqueraded && path.masqueradeReason ? ` (${path.masqueradeReason})` : ''}
								</p>
								<table class="svx-table svx-hops">
									<thead>
										<tr>
											<th scope="col">#</th>
											<th scope="col">{t.chain}</th>
											<th scope="col">{t.hop}</th>
										</tr>
									</thead>
									<tbody>
										{path.hops.map((hop, j) => (
											<tr key={j} class={`svx-hop-${hop.effect}`}>
												<td>{j + 1}</td>
												<td>
													<code>
														{hop.table}/{hop.chain}
													</code>
												</td>
												<td>
													<code>{hop.rule}</code>
													{hop.probability !== undefined && <span class="svx-note"> ({(hop.probability * 100).toFixed(1)}%)</span>}
												</td>
											</tr>
										))}
									</tbody>
								</table>
							</li>
						))}
					</ol>
				</div>
			)}
			<p>
				<a href={`${props.explorer}${manifestFragment(props.manifest)}`}>{t.openExplorer}</a>
			</p>
		</div>
	);
}
