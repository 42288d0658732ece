/** A trace as text: the packet, then each path the first packet can take, hop by hop. */
import type { Trace } from '../k8s/index.ts';

const percent = (p: number) => `${(p * 100).toFixed(p * 100 < 1 ? 2 : 1).replace(/\.0$/, '')}%`;

export function formatTrace(t: Trace): string {
	const { packet } = t;
	const from = t.from.kind === 'pod' ? `Pod ${t.from.namespace}/${t.from.name}` : t.from.kind === 'node' ? `node ${t.from.name}` : `client ${t.from.ip}`;
	const lines = [`${packet.protocol} ${packet.src || '?'} → ${packet.dst}:${packet.dport} from ${from}, through the rules on ${t.node}`];
	t.paths.forEach((path, i) => {
		lines.push('');
		const head = t.paths.length > 1 ? `path ${i + 1} (${percent(path.probability)})` : 'path';
		lines.push(`${head}:`);
		for (const hop of path.hops) {
			const p = hop.probability !== undefined ? ` [probability ${hop.probability}]` : '';
			lines.push(`  ${hop.table.padEnd(6)} ${hop.chain.padEnd(26)} ${hop.effect.padEnd(10)} ${hop.rule}${p}`);
		}
		const end =
			path.outcome === 'endpoint'
				? `reaches ${path.endpoint!.pod ? `Pod ${path.endpoint!.pod}` : 'endpoint'} ${path.endpoint!.ip}:${path.endpoint!.port}${path.endpoint!.node ? ` on ${path.endpoint!.node}` : ''}`
				: path.outcome === 'rejected'
					? 'rejected (ICMP port unreachable): the Service has no usable endpoint'
					: path.outcome === 'dropped'
						? 'dropped'
						: path.outcome === 'local'
							? 'delivered to the node itself (no Service rule matched)'
							: 'no Service rule matched: the packet goes on unchanged';
		lines.push(`  => ${end}`);
		// Masquerade only matters for a packet that goes on to an endpoint.
		if (path.outcome === 'endpoint') {
			lines.push(path.masqueraded ? `  => masqueraded to ${path.packet.src}: ${path.masqueradeReason ?? 'marked for SNAT'}` : '  => not masqueraded: the endpoint sees the client’s own address');
		}
	});
	return `${lines.join('\n')}\n`;
}
