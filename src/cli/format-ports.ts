/** The ports view as text: a block per Service, a table of ways in and of endpoints per port. */
import type { Cluster, PortView, ServiceView } from '../k8s/index.ts';

function table(rows: string[][], indent: string): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	return rows.map((r) => indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

function state(e: PortView['endpoints'][number]): string {
	if (e.ready) return 'ready';
	if (e.serving && e.terminating) return 'terminating (serving)';
	if (e.terminating) return 'terminating';
	return 'not ready';
}

function portBlock(p: PortView): string {
	const head = `  port ${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol} → targetPort ${p.targetPort}${p.nodePort !== undefined ? `, nodePort ${p.nodePort}` : ''}`;
	const access = table(
		[
			['WAY IN', 'KIND', 'REACHES'],
			...p.access.map((a) => [
				a.address,
				a.kind,
				`${a.kind === 'externalName' ? '-' : `${a.reaches.length} of ${p.endpoints.length} endpoint${p.endpoints.length === 1 ? '' : 's'}`}${a.note ? ` (${a.note})` : ''}`,
			]),
		],
		'    ',
	);
	const endpoints =
		p.endpoints.length === 0
			? '    (no endpoints)'
			: table([['ENDPOINT', 'POD', 'NODE', 'STATE'], ...p.endpoints.map((e) => [`${e.ip}:${e.port}`, e.pod ?? '-', e.node ?? '-', state(e)])], '    ');
	return `${head}\n${access}\n${endpoints}`;
}

function serviceBlock(s: ServiceView): string {
	const facts = [
		s.clusterIPs.length > 0 ? `clusterIP ${s.clusterIPs.join(', ')}` : s.type === 'ExternalName' ? `DNS alias: CNAME ${s.externalName}` : 'headless (clusterIP None)',
		s.externalTrafficPolicy ? `externalTrafficPolicy ${s.externalTrafficPolicy}` : '',
		s.internalTrafficPolicy === 'Local' ? 'internalTrafficPolicy Local' : '',
		s.sessionAffinity === 'ClientIP' ? 'sessionAffinity ClientIP' : '',
	].filter(Boolean);
	const ports = s.ports.length === 0 ? '  (no ports)' : s.ports.map(portBlock).join('\n');
	return `Service ${s.namespace}/${s.name} (${s.type})${facts.length ? `  ${facts.join('  ')}` : ''}\n${ports}`;
}

export function formatPorts(view: ServiceView[], cluster: Cluster): string {
	const blocks = view.length === 0 ? ['No Service in the input.'] : view.map(serviceBlock);
	const filled = cluster.diagnostics.filter((d) => d.severity === 'info');
	if (filled.length > 0) {
		blocks.push(`Filled in by svcnet (not in the input):\n${filled.map((d) => `  - ${d.message}`).join('\n')}`);
	}
	return `${blocks.join('\n\n')}\n`;
}
