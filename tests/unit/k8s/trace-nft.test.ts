/**
 * The packet trace through kube-proxy's nftables table (the engine's own NftRuleset), on the
 * inputs of nftables.test.ts (NewFakeProxier's node, pod CIDR and service CIDR, the services of
 * TestOverallNFTablesRules), checked against what the table means in proxier.go; and, over
 * generated clusters, against the iptables trace: both modes must send a packet to the same
 * endpoints, with the same masquerade, by different rules.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { load } from '../../../src/k8s/load.ts';
import { buildCluster } from '../../../src/k8s/model.ts';
import { resolveSettings } from '../../../src/k8s/settings.ts';
import { NODE, node, OVERALL_SERVICES, OVERALL_SLICES_AFTER_SVC1, proxyConfig, slice, svc } from './proxier-inputs.ts';
import { proxySettings, type ProxySettings } from '../../../src/k8s/proxy-common.ts';
import { iptables } from '../../../src/k8s/iptables.ts';
import { nftables, type NftRuleset, servicePortChainNameBase, servicePortEndpointChainNameBase } from '../../../src/k8s/nftables.ts';
import { trace, type Trace, type TraceFrom } from '../../../src/k8s/trace.ts';
import { traceNft } from '../../../src/k8s/trace-nft.ts';
import type { Cluster, Protocol } from '../../../src/k8s/types.ts';

// ---------------------------------------------------------------- inputs, as nftables.test.ts builds them

const FAKE: Partial<ProxySettings> = { masqueradeMark: '0x4000' };
const PROXY_CONFIG = (extra = '') => proxyConfig(extra, 'nftables');
/** A client Pod on test-node, inside the pod CIDR the local-traffic detector matches. */
const CLIENT = `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: ns1}
spec: {nodeName: test-node, containers: [{name: c, image: c}]}
status: {phase: Running, podIP: 10.0.1.9, conditions: [{type: Ready, status: "True"}]}
---`;

/** TestOverallNFTablesRules' services and endpoints (nftables.test.ts OVERALL). */
const OVERALL =
	OVERALL_SERVICES +
	// svc1 with three endpoints (the Go test has one): one per numgen value.
	slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}, {addresses: [10.180.0.2], nodeName: test-node}, {addresses: [10.180.0.3]}]') +
	OVERALL_SLICES_AFTER_SVC1;

function cluster(yaml: string): Cluster {
	return buildCluster(load(yaml), resolveSettings({ serviceCIDRs: '172.30.0.0/16,fd00:10:96::/112' }).settings);
}

function rules(c: Cluster, nodeName = 'test-node', family?: 'IPv4' | 'IPv6'): NftRuleset {
	return nftables(c, nodeName, proxySettings(c, FAKE, 'nftables').settings, family);
}

const POD: TraceFrom = { kind: 'pod', namespace: 'ns1', name: 'client' };
const HOST: TraceFrom = { kind: 'node', name: 'test-node' };
const OUTSIDE: TraceFrom = { kind: 'external', ip: '203.0.113.7' };

function run(yaml: string, from: TraceFrom, to: string, options: { node?: string; protocol?: Protocol; family?: 'IPv4' | 'IPv6' } = {}) {
	const c = cluster(yaml);
	const m = /^\[(.+)\]:(\d+)$/.exec(to) ?? /^(.+):(\d+)$/.exec(to)!;
	return traceNft(c, rules(c, options.node, options.family), from, { ip: m[1], port: Number(m[2]) }, options.protocol);
}

const outcomes = (t: Trace) => t.paths.map((p) => [p.probability, p.outcome, p.endpoint ? `${p.endpoint.ip}:${p.endpoint.port}` : null, p.masqueraded]);
const chains = (t: Trace, i = 0) => t.paths[i].hops.map((h) => `${h.chain} ${h.effect}`);
const base = (ns: string, name: string) => servicePortChainNameBase(ns, name, 'tcp', 'p80');
const endpoint = (ns: string, name: string, ep: string) => `endpoint-${servicePortEndpointChainNameBase(ns, name, 'tcp', 'p80', ep)}`;

// ---------------------------------------------------------------- what kube-proxy's table does with a packet

describe('traceNft', () => {
	const yaml = NODE + PROXY_CONFIG() + CLIENT + OVERALL;

	test('a Pod to a ClusterIP: numgen picks each endpoint with chance 1/N, DNAT to it, no masquerade', () => {
		const t = run(yaml, POD, '172.30.0.41:80');
		expect(t.packet).toEqual({ src: '10.0.1.9', dst: '172.30.0.41', dport: 80, protocol: 'TCP' });
		expect(outcomes(t)).toEqual([
			[1 / 3, 'endpoint', '10.180.0.1:80', false],
			[1 / 3, 'endpoint', '10.180.0.2:80', false],
			[1 / 3, 'endpoint', '10.180.0.3:80', false],
		]);
		expect(t.paths.every((p) => p.packet.src === '10.0.1.9')).toBe(true);
		// prerouting (pre-DNAT filter, then nat), the routing decision (forward), postrouting.
		expect(chains(t)).toEqual([
			'filter-prerouting-pre-dnat jump',
			'nat-prerouting jump',
			'services jump',
			`service-${base('ns1', 'svc1')} jump`,
			`${endpoint('ns1', 'svc1', '10.180.0.1:80')} dnat`,
			'filter-forward jump',
			'filter-forward jump',
			'nat-postrouting jump',
			'masquerading return',
		]);
		const [, , services, numgen] = t.paths[0].hops;
		expect(services).toMatchObject({
			table: 'kube-proxy',
			rule: 'ip daddr . meta l4proto . th dport vmap @service-ips',
			element: `172.30.0.41 . tcp . 80 : goto service-${base('ns1', 'svc1')}`,
			source: { service: 'ns1/svc1', field: 'spec.clusterIP' },
		});
		expect(numgen.rule).toMatch(/^numgen random mod 3 vmap \{ 0 : goto endpoint-/);
		expect(numgen).toMatchObject({ probability: 1 / 3, element: `0 : goto ${endpoint('ns1', 'svc1', '10.180.0.1:80')}` });
		expect(t.diagnostics).toEqual([]);
	});

	test('the node’s own process to a ClusterIP: the output hook, masqueraded (its address is outside the pod CIDR)', () => {
		const t = run(yaml, HOST, '172.30.0.41:80');
		expect(outcomes(t).map(([, outcome, , masq]) => [outcome, masq])).toEqual([
			['endpoint', true],
			['endpoint', true],
			['endpoint', true],
		]);
		expect(chains(t)).toEqual([
			'filter-output-pre-dnat jump',
			'nat-output jump',
			'services jump',
			`service-${base('ns1', 'svc1')} jump`,
			'mark-for-masquerade mark',
			`service-${base('ns1', 'svc1')} jump`,
			`${endpoint('ns1', 'svc1', '10.180.0.1:80')} dnat`,
			'filter-output jump',
			'filter-output jump',
			'nat-postrouting jump',
			'masquerading mark',
			'masquerading masquerade',
		]);
		expect(t.paths[0].masqueradeReason).toContain('not in 10.0.0.0/8');
		expect(t.paths[0].packet.src).toBe('192.168.0.2');
	});

	test('an outside client to NodeIP:nodePort, externalTrafficPolicy Cluster: every endpoint, masqueraded', () => {
		const two = NODE + PROXY_CONFIG() + svc('ns3', 'svc3', '{type: NodePort, clusterIP: 172.30.0.43, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3003}]}');
		const t = run(two + slice('ns3', 'svc3', '[{addresses: [10.180.0.3], nodeName: test-node}, {addresses: [10.180.0.4], nodeName: other}]'), OUTSIDE, '192.168.0.2:3003');
		expect(outcomes(t)).toEqual([
			[0.5, 'endpoint', '10.180.0.3:80', true],
			[0.5, 'endpoint', '10.180.0.4:80', true],
		]);
		expect(t.paths[0].hops[2]).toMatchObject({ chain: 'services', rule: 'ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports', element: `tcp . 3003 : goto external-${base('ns3', 'svc3')}` });
		expect(t.paths[0].masqueradeReason).toContain('externalTrafficPolicy Cluster');
		expect(t.paths[1].packet.src).toBe('192.168.0.2');
	});

	describe('externalTrafficPolicy Local', () => {
		const local =
			NODE +
			node('other', '192.168.0.3') +
			node('empty', '192.168.0.4') +
			PROXY_CONFIG() +
			CLIENT +
			svc('ns1', 'svc1', '{type: NodePort, externalTrafficPolicy: Local, clusterIP: 172.30.0.41, externalIPs: [192.168.99.11], ports: [{name: p80, port: 80, protocol: TCP, nodePort: 30080}]}') +
			slice('ns1', 'svc1', '[{addresses: [10.180.0.1], nodeName: test-node}, {addresses: [10.180.0.2], nodeName: other}]');

		test('only the node’s local endpoints, the client address kept', () => {
			const t = run(local, OUTSIDE, '192.168.0.2:30080');
			expect(outcomes(t)).toEqual([[1, 'endpoint', '10.180.0.1:80', false]]);
			expect(t.paths[0].packet.src).toBe('203.0.113.7');
			expect(chains(t)).toContain(`local-${base('ns1', 'svc1')} jump`);
			const other = run(local, OUTSIDE, '192.168.0.3:30080', { node: 'other' });
			expect(outcomes(other)).toEqual([[1, 'endpoint', '10.180.0.2:80', false]]);
		});

		test('on a node without local endpoints the node port is dropped by filter-input’s no-endpoint-nodeports', () => {
			const t = run(local, OUTSIDE, '192.168.0.4:30080', { node: 'empty' });
			expect(outcomes(t)).toEqual([[1, 'dropped', null, false]]);
			expect(t.paths[0].hops.at(-2)).toMatchObject({ chain: 'filter-input', effect: 'jump', rule: 'ct state new jump nodeport-endpoints-check' });
			expect(t.paths[0].hops.at(-1)).toMatchObject({ chain: 'nodeport-endpoints-check', effect: 'drop', element: 'tcp . 30080 comment "ns1/svc1:p80" : drop' });
		});

		test('the local-traffic detector: a Pod going to the external IP is short-circuited to every endpoint', () => {
			const t = run(local, POD, '192.168.99.11:80');
			expect(outcomes(t)).toEqual([
				[0.5, 'endpoint', '10.180.0.1:80', false],
				[0.5, 'endpoint', '10.180.0.2:80', false],
			]);
			expect(t.paths[0].hops.find((h) => h.chain === `external-${base('ns1', 'svc1')}`)).toMatchObject({ rule: `ip saddr 10.0.0.0/8 goto service-${base('ns1', 'svc1')} comment "short-circuit pod traffic"` });
			// The node itself: masqueraded and short-circuited too (fib saddr type local).
			const host = run(local, HOST, '192.168.99.11:80');
			expect(outcomes(host).map(([, outcome, , masq]) => [outcome, masq])).toEqual([
				['endpoint', true],
				['endpoint', true],
			]);
			expect(host.paths[0].masqueradeReason).toBe('the client is the node itself (masquerade local traffic)');
		});

		test('TestOverallNFTablesRules svc2: Local with no local endpoint drops the node port and the load balancer IP', () => {
			const overall = NODE + PROXY_CONFIG() + CLIENT + OVERALL;
			expect(outcomes(run(overall, OUTSIDE, '192.168.0.2:3001'))).toEqual([[1, 'dropped', null, false]]);
			const lb = run(overall, OUTSIDE, '1.2.3.4:80');
			expect(outcomes(lb)).toEqual([[1, 'dropped', null, false]]);
			expect(lb.paths[0].hops.at(-1)).toMatchObject({ chain: 'service-endpoints-check', element: '1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop' });
		});
	});

	test('a Service with no endpoints is rejected (no-endpoint-services → reject-chain), from a Pod and from the node', () => {
		for (const from of [POD, HOST]) {
			const t = run(yaml, from, '172.30.0.46:80');
			expect(outcomes(t)).toEqual([[1, 'rejected', null, false]]);
			expect(t.paths[0].hops.slice(-2)).toMatchObject([
				{ chain: 'service-endpoints-check', effect: 'jump', element: '172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain', source: { service: 'ns6/svc6' } },
				{ chain: 'reject-chain', effect: 'reject', rule: 'reject' },
			]);
		}
	});

	test('a destination no Service owns is no-service; ClusterIP-range mistakes are rejected or dropped (cluster-ips-check)', () => {
		expect(outcomes(run(yaml, POD, '10.99.0.1:80'))).toEqual([[1, 'no-service', null, false]]);
		expect(outcomes(run(yaml, OUTSIDE, '192.168.0.2:22'))).toEqual([[1, 'local', null, false]]);
		// Unlike the iptables rules: a ClusterIP's other ports are rejected, unallocated ClusterIPs dropped.
		const port = run(yaml, POD, '172.30.0.41:81');
		expect(outcomes(port)).toEqual([[1, 'rejected', null, false]]);
		expect(port.paths[0].hops.at(-1)).toMatchObject({ chain: 'cluster-ips-check', rule: 'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"', element: '172.30.0.41' });
		const unallocated = run(yaml, HOST, '172.30.9.9:80');
		expect(outcomes(unallocated)).toEqual([[1, 'dropped', null, false]]);
		expect(unallocated.paths[0].hops.at(-1)).toMatchObject({ chain: 'cluster-ips-check', effect: 'drop' });
	});

	test('loadBalancerSourceRanges: filter-prerouting-pre-dnat’s firewall drops other sources; session affinity misses on the first packet', () => {
		const allowed = run(yaml, OUTSIDE, '5.6.7.8:80');
		expect(outcomes(allowed)).toEqual([[1, 'endpoint', '10.180.0.3:80', true]]);
		const hops = allowed.paths[0].hops;
		expect(hops[0]).toMatchObject({ chain: 'filter-prerouting-pre-dnat', rule: 'ct state new jump firewall-check' });
		expect(hops[1]).toMatchObject({ chain: 'firewall-check', element: `5.6.7.8 . tcp . 80 : goto firewall-${base('ns5', 'svc5')}`, source: { field: 'spec.loadBalancerSourceRanges' } });
		// The affinity set is empty for a first packet: the numgen rule picks, and the endpoint chain records the client.
		const ep = endpoint('ns5', 'svc5', '10.180.0.3:80');
		expect(hops.some((h) => h.rule.includes('@affinity-'))).toBe(true);
		expect(hops.find((h) => h.effect === 'update')).toMatchObject({ chain: ep, rule: `update @affinity-${ep.slice('endpoint-'.length)} { ip saddr }` });
		expect(hops.filter((h) => h.chain === `service-${base('ns5', 'svc5')}`).map((h) => h.rule)).toEqual([`numgen random mod 1 vmap { 0 : goto ${ep} }`]);
		const denied = run(yaml, { kind: 'external', ip: '198.51.100.7' }, '5.6.7.8:80');
		expect(outcomes(denied)).toEqual([[1, 'dropped', null, false]]);
		expect(denied.paths[0].hops.at(-1)).toMatchObject({ chain: `firewall-${base('ns5', 'svc5')}`, rule: 'ip saddr != { 203.0.113.0/25 } drop', effect: 'drop' });
	});

	test('hairpin: a Pod reaching itself through its Service is masqueraded to the bridge gateway', () => {
		const self = NODE + PROXY_CONFIG() + CLIENT + svc('ns1', 'svc1', '{clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}') + slice('ns1', 'svc1', '[{addresses: [10.0.1.9], nodeName: test-node, targetRef: {kind: Pod, name: client}}]');
		const t = run(self, POD, '172.30.0.41:80');
		expect(outcomes(t)).toEqual([[1, 'endpoint', '10.0.1.9:80', true]]);
		expect(t.paths[0].masqueradeReason).toMatch(/^hairpin/);
		expect(t.paths[0].endpoint).toMatchObject({ pod: 'client', node: 'test-node' });
	});

	test('an interface detector (BridgeInterface): Pods come in on it, the node’s own packets do not', () => {
		const bridge = NODE + PROXY_CONFIG('detectLocalMode: BridgeInterface\ndetectLocal: {bridgeInterface: cni0}') + CLIENT + OVERALL;
		expect(run(bridge, POD, '172.30.0.41:80').paths.every((p) => !p.masqueraded)).toBe(true);
		const host = run(bridge, HOST, '172.30.0.41:80');
		expect(host.paths.every((p) => p.masqueraded)).toBe(true);
		expect(host.paths[0].masqueradeReason).toContain('cni0');
	});

	test('UDP and IPv6: the ip6 table, ip6 matches and a bracketed DNAT target', () => {
		const dual =
			NODE +
			PROXY_CONFIG() +
			svc('ns1', 'svc1', '{ipFamilyPolicy: RequireDualStack, ipFamilies: [IPv4, IPv6], clusterIPs: [172.30.0.41, "fd00:10:96::41"], ports: [{name: p53, port: 53, protocol: UDP}]}') +
			slice('ns1', 'svc1', '[{addresses: ["fd00:10::1"]}]', '[{name: p53, port: 5353, protocol: UDP}]', 'IPv6');
		const t = run(dual, HOST, '[fd00:10:96::41]:53', { protocol: 'UDP', family: 'IPv6' });
		expect(outcomes(t)).toEqual([[1, 'endpoint', 'fd00:10::1:5353', true]]);
		expect(t.paths[0].packet.src).toBe('2001:db8::1');
		expect(t.paths[0].hops.find((h) => h.effect === 'dnat')?.rule).toBe('meta l4proto udp dnat to [fd00:10::1]:5353');
		// The ip table never sees an IPv6 packet.
		const wrong = run(dual, HOST, '[fd00:10:96::41]:53', { protocol: 'UDP', family: 'IPv4' });
		expect(outcomes(wrong)).toEqual([[1, 'no-service', null, false]]);
		expect(wrong.diagnostics[0].message).toContain('does not see IPv6 packets');
	});

	test('the trace interprets the ruleset’s data: an added rule is followed, an unknown one is reported and skipped', () => {
		const c = cluster(yaml);
		const rs = rules(c);
		const pre = rs.chains.find((ch) => ch.name === 'filter-prerouting-pre-dnat')!;
		pre.rules.unshift({ rule: 'tcp flags syn limit rate 10/second accept' }, { rule: 'ip saddr { 203.0.113.0/24 , 198.51.100.0/24 } tcp dport 3003 counter drop', comment: 'blocked clients' });
		const blocked = traceNft(c, rs, OUTSIDE, { ip: '192.168.0.2', port: 3003 });
		expect(outcomes(blocked)).toEqual([[1, 'dropped', null, false]]);
		expect(blocked.paths[0].hops).toEqual([
			{ table: 'kube-proxy', chain: 'filter-prerouting-pre-dnat', rule: 'ip saddr { 203.0.113.0/24 , 198.51.100.0/24 } tcp dport 3003 counter drop comment "blocked clients"', effect: 'drop' },
		]);
		expect(blocked.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('does not model the rule "tcp flags syn limit rate 10/second accept"')]);
		// Other clients and other ports pass the added rule.
		expect(outcomes(traceNft(c, rs, { kind: 'external', ip: '192.0.2.1' }, { ip: '192.168.0.2', port: 3003 }))).toEqual([[1, 'endpoint', '10.180.0.3:80', true]]);
	});
});

// ---------------------------------------------------------------- both modes agree on where packets land

const endpointArb = fc.record({
	ip: fc.constantFrom('10.0.1.9', '10.1.0.1', '10.1.0.2', '10.2.0.1', '10.2.0.2', '10.3.0.1'),
	node: fc.constantFrom('test-node', 'other', undefined),
	state: fc.constantFrom('ready', 'ready', 'not-ready', 'serving-terminating', 'terminating'),
});
const serviceArb = fc.record({
	type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
	etpLocal: fc.boolean(),
	itpLocal: fc.boolean(),
	affinity: fc.boolean(),
	externalIP: fc.boolean(),
	ports: fc.uniqueArray(fc.record({ port: fc.constantFrom(53, 80, 443), protocol: fc.constantFrom('TCP', 'UDP') }), { minLength: 1, maxLength: 2, selector: (p) => `${p.port}/${p.protocol}` }),
	endpoints: fc.uniqueArray(endpointArb, { maxLength: 4, selector: (e) => e.ip }),
});

const CONDITIONS: Record<string, string> = {
	ready: '',
	'not-ready': ', conditions: {ready: false}',
	'serving-terminating': ', conditions: {ready: false, serving: true, terminating: true}',
	terminating: ', conditions: {ready: false, serving: false, terminating: true}',
};

type GeneratedService = typeof serviceArb extends fc.Arbitrary<infer T> ? T : never;

function generated(services: GeneratedService[]): string {
	let yaml = NODE + node('other', '192.168.0.3') + PROXY_CONFIG() + CLIENT;
	services.forEach((s, i) => {
		const ports = s.ports.map((p, j) => `{name: p${j}, port: ${p.port}, protocol: ${p.protocol}${s.type === 'ClusterIP' ? '' : `, nodePort: ${30000 + i * 10 + j}`}}`);
		const spec = [
			`type: ${s.type}`,
			`clusterIP: 172.30.0.${10 + i}`,
			s.type !== 'ClusterIP' && s.etpLocal ? 'externalTrafficPolicy: Local' : '',
			s.itpLocal ? 'internalTrafficPolicy: Local' : '',
			s.affinity ? 'sessionAffinity: ClientIP' : '',
			s.externalIP ? `externalIPs: [192.168.99.${i + 1}]` : '',
			`ports: [${ports.join(', ')}]`,
		].filter(Boolean);
		yaml += svc('ns1', `svc${i}`, `{${spec.join(', ')}}`, s.type === 'LoadBalancer' ? `{loadBalancer: {ingress: [{ip: 1.2.3.${i}}]}}` : '');
		const eps = s.endpoints.map((e) => `{addresses: [${e.ip}]${e.node ? `, nodeName: ${e.node}` : ''}${CONDITIONS[e.state]}}`);
		yaml += slice('ns1', `svc${i}`, `[${eps.join(', ')}]`, `[${s.ports.map((p, j) => `{name: p${j}, port: ${p.port + 8000}, protocol: ${p.protocol}}`).join(', ')}]`);
	});
	return yaml;
}

/** Where a trace's packets land: outcome, endpoint and masquerade, each with its total chance. */
function landings(t: Trace): Map<string, number> {
	const out = new Map<string, number>();
	for (const p of t.paths) {
		const key = `${p.outcome} ${p.endpoint ? `${p.endpoint.ip}:${p.endpoint.port}` : '-'} ${p.masqueraded ? 'masqueraded' : 'kept'}`;
		out.set(key, (out.get(key) ?? 0) + p.probability);
	}
	return out;
}

describe('traceNft and the iptables trace agree', () => {
	test('for generated clusters, every ClusterIP:port from a Pod, the node and outside reaches the same endpoints', () => {
		fc.assert(
			fc.property(fc.array(serviceArb, { minLength: 1, maxLength: 4 }), (services) => {
				const c = cluster(generated(services));
				const ipt = iptables(c, 'test-node', proxySettings(c, FAKE).settings);
				const nft = rules(c);
				let traced = 0;
				for (const s of c.services) {
					for (const port of s.ports) {
						const to = { ip: s.clusterIPs[0], port: port.port };
						for (const from of [POD, HOST, OUTSIDE]) {
							const a = landings(trace(c, ipt, from, to, port.protocol));
							const b = landings(traceNft(c, nft, from, to, port.protocol));
							expect([...b.keys()].sort(), `${JSON.stringify(from)} → ${to.ip}:${to.port}/${port.protocol}`).toEqual([...a.keys()].sort());
							// iptables' probabilities are written with 10 decimals.
							for (const [key, p] of a) expect(b.get(key)).toBeCloseTo(p, 8);
							traced++;
						}
					}
				}
				expect(traced).toBeGreaterThan(0);
			}),
			{ numRuns: 80 },
		);
	});
});
