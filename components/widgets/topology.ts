/**
 * The 拓扑 tab's diagram as mermaid source, drawn from the model: a client, each Service port's
 * ways in, and the Pods they reach, grouped by node. Labels carry only a safe subset of
 * characters (the manifest is the reader's text; mermaid is also run with securityLevel strict).
 */
import type { ServiceView } from '../../src/k8s/index.ts';
import type { Lang } from './i18n.ts';

/** Past these the diagram says how many were left out instead of drawing a wall of boxes. */
const MAX_WAYS_IN = 24;
const MAX_PODS = 40;

const label = (text: string) => `"${text.replace(/[^\p{L}\p{N}_.:\-/ ()[\]→,@+]/gu, '').slice(0, 80)}"`;

export function topologySource(services: ServiceView[], lang: Lang): string {
	const lines = ['flowchart LR', `  client(${label(lang === 'en' ? 'client' : '客户端')})`];
	const pods = new Map<string, { id: string; node: string; text: string }>();
	const edges: string[] = [];
	let ways = 0;
	let skippedWays = 0;
	let id = 0;
	for (const svc of services) {
		for (const port of svc.ports) {
			// One box per kind of way in (every node's NodeIP:nodePort is one box: they behave alike).
			const seen = new Set<string>();
			for (const access of port.access) {
				const key = access.kind === 'nodePort' ? `nodePort:${port.nodePort}` : `${access.kind}:${access.address}`;
				if (seen.has(key)) continue;
				seen.add(key);
				if (ways >= MAX_WAYS_IN) {
					skippedWays++;
					continue;
				}
				ways++;
				const wayId = `w${++id}`;
				const text =
					access.kind === 'nodePort'
						? `${svc.name} NodePort ${lang === 'en' ? 'any node' : '任一节点'}:${port.nodePort}`
						: access.kind === 'externalName'
							? `${svc.name} ExternalName → ${svc.externalName ?? ''}`
							: `${svc.name} ${access.kind} ${access.address}`;
				lines.push(`  ${wayId}[${label(text)}]`);
				edges.push(`  client --> ${wayId}`);
				const reached = access.kind === 'nodePort' ? port.access.filter((a) => a.kind === 'nodePort').flatMap((a) => a.reaches) : access.reaches;
				for (const i of new Set(reached)) {
					const ep = port.endpoints[i];
					const podKey = `${ep.pod ?? ep.ip}|${ep.node ?? ''}`;
					let pod = pods.get(podKey);
					if (!pod) {
						if (pods.size >= MAX_PODS) continue;
						pod = { id: `p${++id}`, node: ep.node ?? '?', text: `${ep.pod ?? 'endpoint'} ${ep.ip}` };
						pods.set(podKey, pod);
					}
					edges.push(`  ${wayId} -->|${label(`:${ep.port}`)}| ${pod.id}`);
				}
			}
		}
	}
	const byNode = new Map<string, { id: string; text: string }[]>();
	for (const p of pods.values()) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p]);
	let n = 0;
	for (const [node, list] of byNode) {
		lines.push(`  subgraph node${++n}[${label(`${lang === 'en' ? 'node' : '节点'} ${node}`)}]`);
		for (const p of list) lines.push(`    ${p.id}(${label(p.text)})`);
		lines.push('  end');
	}
	if (skippedWays > 0) lines.push(`  more[${label(lang === 'en' ? `${skippedWays} more ways in not drawn` : `另有 ${skippedWays} 个入口未画出`)}]`);
	return [...lines, ...edges].join('\n');
}
