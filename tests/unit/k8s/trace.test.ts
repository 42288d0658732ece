/**
 * The packet trace through kube-proxy's iptables rules (the engine's own ruleset), checked
 * against what those rules mean in proxier.go: hairpin and off-cluster clients masqueraded,
 * externalTrafficPolicy Local keeping the client address or dropping, REJECT without endpoints.
 */
import { describe, expect, test } from 'vitest';
import { buildCluster } from '../../../src/k8s/model.ts';
import { load } from '../../../src/k8s/load.ts';
import { iptables, proxySettings } from '../../../src/k8s/iptables.ts';
import { parseTraceFrom, parseTraceTo, trace, type TraceFrom } from '../../../src/k8s/trace.ts';

const node = (name: string, ip: string, cidr: string) => `
apiVersion: v1
kind: Node
metadata: {name: ${name}}
spec: {podCIDR: ${cidr}}
status: {addresses: [{type: InternalIP, address: ${ip}}]}
---`;
const pod = (name: string, nodeName: string, ip: string, ready = true) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ns, labels: {app: web}}
spec: {nodeName: ${nodeName}, containers: [{name: c, image: c, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIP: ${ip}, conditions: [{type: Ready, status: "${ready ? 'True' : 'False'}"}]}
---`;
const svc = (spec: string) => `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ns}
spec:
  selector: {app: web}
  clusterIP: 172.30.0.41
${spec}
---`;
const proxyConfig = `
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clusterCIDR: 10.0.0.0/16
`;
const cluster2 = node('n1', '192.168.0.2', '10.0.1.0/24') + node('n2', '192.168.0.3', '10.0.2.0/24') + pod('a', 'n1', '10.0.1.5') + pod('b', 'n2', '10.0.2.5');

function run(yaml: string, nodeName: string, from: TraceFrom, to: string) {
	const cluster = buildCluster(load(yaml + proxyConfig));
	const { settings } = proxySettings(cluster);
	const target = parseTraceTo(to);
	if ('error' in target) throw new Error(target.error);
	return trace(cluster, iptables(cluster, nodeName, settings), from, target);
}

const outcomes = (t: ReturnType<typeof run>) => t.paths.map((p) => [p.probability, p.outcome, p.endpoint?.pod ?? null, p.masqueraded]);

describe('trace', () => {
	test('a Pod to a ClusterIP: one path per endpoint, equal chances, DNAT to each, no SNAT', () => {
		const t = run(cluster2 + pod('c', 'n1', '10.0.1.6') + svc('  ports: [{name: http, port: 80, targetPort: http}]'), 'n1', { kind: 'pod', namespace: 'ns', name: 'c' }, '172.30.0.41:80');
		// kube-proxy orders endpoints by address: a (10.0.1.5), c (10.0.1.6), b (10.0.2.5).
		expect(t.paths.map((p) => [p.outcome, p.endpoint?.pod, p.masqueraded])).toEqual([
			['endpoint', 'a', false],
			['endpoint', 'c', true],
			['endpoint', 'b', false],
		]);
		// iptables' probabilities are printed to 10 decimals: 0.3333333333, then 0.5 of the rest.
		for (const p of t.paths) expect(p.probability).toBeCloseTo(1 / 3, 9);
		// One choice is the client itself: hairpin traffic is masqueraded (KUBE-SEP ... -s podIP -j KUBE-MARK-MASQ).
		expect(t.paths[1].masqueradeReason).toMatch(/^hairpin/);
		expect(t.paths[1].packet.src).toBe('10.0.1.1');
		expect(t.paths[0].hops.map((h) => `${h.chain} ${h.effect}`)).toEqual([
			'KUBE-SERVICES jump',
			expect.stringMatching(/^KUBE-SVC-\w{16} jump$/),
			expect.stringMatching(/^KUBE-SEP-\w{16} dnat$/),
			'KUBE-POSTROUTING return',
		]);
		expect(t.paths.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 10);
	});
	test('the node’s own process to a ClusterIP is masqueraded: its address is outside the cluster CIDR', () => {
		const t = run(cluster2 + svc('  ports: [{name: http, port: 80, targetPort: http}]'), 'n1', { kind: 'node', name: 'n1' }, '172.30.0.41:80');
		expect(t.paths.every((p) => p.masqueraded)).toBe(true);
		expect(t.paths[0].masqueradeReason).toContain('not in the cluster CIDR 10.0.0.0/16');
	});
	test('an outside client to a NodePort (externalTrafficPolicy Cluster): any endpoint, masqueraded', () => {
		const t = run(cluster2 + svc('  type: NodePort\n  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]'), 'n1', { kind: 'external', ip: '203.0.113.7' }, '192.168.0.2:30080');
		expect(outcomes(t)).toEqual([
			[0.5, 'endpoint', 'a', true],
			[0.5, 'endpoint', 'b', true],
		]);
		expect(t.paths[1].masqueradeReason).toContain('external destinations');
		expect(t.paths[1].packet.src).toBe('192.168.0.2');
	});
	test('externalTrafficPolicy Local: only the node’s own endpoint, the client address kept; elsewhere dropped', () => {
		const yaml = cluster2 + node('n3', '192.168.0.4', '10.0.3.0/24') + svc('  type: NodePort\n  externalTrafficPolicy: Local\n  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]');
		const local = run(yaml, 'n1', { kind: 'external', ip: '203.0.113.7' }, '192.168.0.2:30080');
		expect(outcomes(local)).toEqual([[1, 'endpoint', 'a', false]]);
		expect(local.paths[0].packet.src).toBe('203.0.113.7');
		const none = run(yaml, 'n3', { kind: 'external', ip: '203.0.113.7' }, '192.168.0.4:30080');
		expect(outcomes(none)).toEqual([[1, 'dropped', null, false]]);
	});
	test('a Service without ready endpoints is rejected by the filter table', () => {
		const t = run(node('n1', '192.168.0.2', '10.0.1.0/24') + pod('a', 'n1', '10.0.1.5', false) + svc('  ports: [{name: http, port: 80, targetPort: http}]'), 'n1', { kind: 'node', name: 'n1' }, '172.30.0.41:80');
		expect(outcomes(t)).toEqual([[1, 'rejected', null, false]]);
		expect(t.paths[0].hops.at(-1)).toMatchObject({ table: 'filter', chain: 'KUBE-SERVICES', effect: 'reject' });
	});
	test('a port no Service listens on matches nothing', () => {
		const t = run(cluster2 + svc('  ports: [{name: http, port: 80, targetPort: http}]'), 'n1', { kind: 'node', name: 'n1' }, '172.30.0.41:81');
		expect(outcomes(t)).toEqual([[1, 'no-service', null, false]]);
	});
	test('--from and --to are parsed or refused with what to write', () => {
		expect(parseTraceFrom('pod/web-0')).toEqual({ kind: 'pod', namespace: 'default', name: 'web-0' });
		expect(parseTraceFrom('pod/shop/web-0')).toEqual({ kind: 'pod', namespace: 'shop', name: 'web-0' });
		expect(parseTraceFrom('node/n1')).toEqual({ kind: 'node', name: 'n1' });
		expect(parseTraceFrom('203.0.113.7')).toEqual({ kind: 'external', ip: '203.0.113.7' });
		expect(parseTraceFrom('web-0')).toHaveProperty('error');
		expect(parseTraceTo('[fd00::a]:53')).toEqual({ ip: 'fd00::a', port: 53 });
		expect(parseTraceTo('10.96.0.10')).toHaveProperty('error');
	});
});
