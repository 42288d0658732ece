/** A trace as text: the packet, then each path the first packet can take, hop by hop. */
import type { Hop, Trace } from '../k8s/index.ts';

const percent = (p: number) => `${(p * 100).toFixed(p * 100 < 1 ? 2 : 1).replace(/\.0$/, '')}%`;

/**
 * An nftables hop: its chain names run long (`endpoint-HASH-ns/svc/tcp/port__ip/port`), so the
 * effect comes first, then `chain: rule` as nft lists the rule, then the set or map element the
 * rule's lookup found.
 */
function nftHop(hop: Hop, p: string): string[] {
	const line = `  ${hop.effect.padEnd(10)} ${hop.chain}: ${hop.rule}${p}`;
	return hop.element ? [line, `  ${''.padEnd(10)}   element ${hop.element}`] : [line];
}

/**
 * Why an nftables path was rejected or dropped: nftables has several places that do it (no
 * endpoints, cluster-ips-check, the source-range firewall), so name the deciding rule's chain,
 * its comment, or the map element that gave the verdict.
 */
function nftVerdict(hops: Hop[], verdict: 'rejected' | 'dropped'): string | undefined {
	const last = hops.at(-1);
	if (last?.table !== 'kube-proxy') return undefined;
	// reject-chain is a helper: the element of the lookup that went there says which Service.
	const decider = last.chain === 'reject-chain' && hops.length > 1 ? hops[hops.length - 2] : last;
	const comment = /comment ("(?:[^"\\]|\\.)*")$/.exec(decider.rule)?.[1];
	const why = comment ? JSON.parse(comment) : decider.element;
	const how = verdict === 'rejected' ? 'rejected (ICMP port unreachable)' : 'dropped';
	return `${how} by ${decider.chain}${why ? `: ${why}` : ''}`;
}

export function formatTrace(t: Trace): string {
	const { packet } = t;
	const from = t.from.kind === 'pod' ? `Pod ${t.from.namespace}/${t.from.name}` : t.from.kind === 'node' ? `node ${t.from.name}` : `client ${t.from.ip}`;
	const nft = t.paths.some((path) => path.hops.some((h) => h.table === 'kube-proxy'));
	const rules = nft ? `the nftables rules (table ${packet.dst.includes(':') ? 'ip6' : 'ip'} kube-proxy)` : 'the rules';
	const lines = [`${packet.protocol} ${packet.src || '?'} → ${packet.dst}:${packet.dport} from ${from}, through ${rules} on ${t.node}`];
	t.paths.forEach((path, i) => {
		lines.push('');
		const head = t.paths.length > 1 ? `path ${i + 1} (${percent(path.probability)})` : 'path';
		lines.push(`${head}:`);
		for (const hop of path.hops) {
			// iptables' probabilities have 10 decimals; numgen's 1/N is cut to the same.
			const p = hop.probability !== undefined ? ` [probability ${Number(hop.probability.toFixed(10))}]` : '';
			if (hop.table === 'kube-proxy') lines.push(...nftHop(hop, p));
			else lines.push(`  ${hop.table.padEnd(6)} ${hop.chain.padEnd(26)} ${hop.effect.padEnd(10)} ${hop.rule}${p}`);
		}
		const end =
			(path.outcome === 'rejected' || path.outcome === 'dropped' ? nftVerdict(path.hops, path.outcome) : undefined) ??
			(path.outcome === 'endpoint'
				? `reaches ${path.endpoint!.pod ? `Pod ${path.endpoint!.pod}` : 'endpoint'} ${path.endpoint!.ip}:${path.endpoint!.port}${path.endpoint!.node ? ` on ${path.endpoint!.node}` : ''}`
				: path.outcome === 'rejected'
					? 'rejected (ICMP port unreachable): the Service has no usable endpoint'
					: path.outcome === 'dropped'
						? 'dropped'
						: path.outcome === 'local'
							? 'delivered to the node itself (no Service rule matched)'
							: 'no Service rule matched: the packet goes on unchanged');
		lines.push(`  => ${end}`);
		// Masquerade only matters for a packet that goes on to an endpoint.
		if (path.outcome === 'endpoint') {
			lines.push(path.masqueraded ? `  => masqueraded to ${path.packet.src}: ${path.masqueradeReason ?? 'marked for SNAT'}` : '  => not masqueraded: the endpoint sees the client’s own address');
		}
	});
	return `${lines.join('\n')}\n`;
}
