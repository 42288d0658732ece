/**
 * The inputs kube-proxy's proxier tests build (pkg/proxy/iptables and pkg/proxy/nftables
 * proxier_test.go: NewFakeProxier's node "test-node" at 192.168.0.2, cluster CIDR 10.0.0.0/8,
 * makeTestService, makeTestEndpointSlice), written as the manifests the engine reads. Shared by
 * the iptables, nftables and trace tests.
 */

/** A Node with its InternalIP (and any more addresses, as YAML flow items after a comma). */
export const node = (name: string, ip: string, extra = '') => `
apiVersion: v1
kind: Node
metadata: {name: ${name}}
status: {addresses: [{type: InternalIP, address: ${ip}}${extra}]}
---`;

/** NewFakeProxier's node, dual-stack. */
export const NODE = node('test-node', '192.168.0.2', ', {type: InternalIP, address: "2001:db8::1"}');

/** The fake proxier's local-traffic detector (cluster CIDRs), plus `extra` configuration lines. */
export const proxyConfig = (extra = '', mode?: 'nftables') => `
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
${mode ? `mode: ${mode}\n` : ''}clusterCIDR: 10.0.0.0/8,fd00:10::/64
${extra}
---`;

/** makeTestService */
export const svc = (ns: string, name: string, spec: string, status = '') => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
${status ? `status: ${status}` : ''}
---`;

function hashOf(s: string) {
	let h = 0;
	for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
	return Math.abs(h);
}

/** makeTestEndpointSlice: named after its content, so a Service may have several. */
export const slice = (ns: string, name: string, endpoints: string, ports = '[{name: p80, port: 80, protocol: TCP}]', addressType = 'IPv4') => `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}-${addressType.toLowerCase()}-${hashOf(endpoints + ports) % 100000}, namespace: ${ns}, labels: {kubernetes.io/service-name: ${name}}}
addressType: ${addressType}
endpoints: ${endpoints}
ports: ${ports}
---`;

/**
 * The Services of TestOverallIPTablesRules and TestOverallNFTablesRules (the same six in both).
 * The Go tests make svc4 a NodePort Service whose port has no nodePort (0), which the apiserver
 * would never store: the model would allocate one. As ClusterIP with the same externalIP it is
 * proxied identically (the proxiers look at nodePort, externalIPs and LB IPs, not the type).
 */
export const OVERALL_SERVICES =
	svc('ns1', 'svc1', '{clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}') +
	svc(
		'ns2',
		'svc2',
		'{type: LoadBalancer, externalTrafficPolicy: Local, clusterIP: 172.30.0.42, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3001}], externalIPs: [192.168.99.22], healthCheckNodePort: 30000}',
		'{loadBalancer: {ingress: [{ip: 1.2.3.4}]}}',
	) +
	svc('ns3', 'svc3', '{type: NodePort, clusterIP: 172.30.0.43, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3003}]}') +
	svc('ns4', 'svc4', '{clusterIP: 172.30.0.44, externalIPs: [192.168.99.33], ports: [{name: p80, port: 80, protocol: TCP, targetPort: 80}]}') +
	svc(
		'ns5',
		'svc5',
		'{type: LoadBalancer, externalTrafficPolicy: Cluster, clusterIP: 172.30.0.45, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3002}], healthCheckNodePort: 30000, loadBalancerSourceRanges: [" 203.0.113.0/25"], sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}}',
		'{loadBalancer: {ingress: [{ip: 5.6.7.8}]}}',
	) +
	svc('ns6', 'svc6', '{type: ClusterIP, clusterIP: 172.30.0.46, ports: [{name: p80, port: 80, protocol: TCP, targetPort: 80}]}');

/** Their endpoints except svc1's (svc6 has none); the tests give svc1 one or more. */
export const OVERALL_SLICES_AFTER_SVC1 =
	slice('ns2', 'svc2', '[{addresses: [10.180.0.2]}]') +
	slice('ns3', 'svc3', '[{addresses: [10.180.0.3]}]') +
	slice('ns4', 'svc4', '[{addresses: [10.180.0.4]}, {addresses: [10.180.0.5], nodeName: test-node}]') +
	slice('ns5', 'svc5', '[{addresses: [10.180.0.3]}]');

/**
 * A random cluster for the proxier property tests: 12 Services of every type with random traffic
 * policies, affinity, external IPs and source ranges, each with 0–5 endpoints on test-node or
 * another node, ready, not ready or serving-terminating. The same seed gives the same cluster.
 */
export function randomCluster(seed: number, mode?: 'nftables'): string {
	let s = seed;
	const rnd = (n: number) => {
		s = (s * 1103515245 + 12345) & 0x7fffffff;
		return s % n;
	};
	let yaml = NODE + proxyConfig('', mode);
	const types = ['ClusterIP', 'NodePort', 'LoadBalancer'];
	for (let i = 0; i < 12; i++) {
		const type = types[rnd(3)];
		const nodePort = type === 'ClusterIP' ? '' : `, nodePort: ${30000 + i}`;
		const etp = type !== 'ClusterIP' && rnd(2) ? ', externalTrafficPolicy: Local' : '';
		const itp = rnd(3) === 0 ? ', internalTrafficPolicy: Local' : '';
		const aff = rnd(3) === 0 ? ', sessionAffinity: ClientIP' : '';
		const ext = rnd(3) === 0 ? `, externalIPs: [192.168.99.${i + 1}]` : '';
		const ranges = type === 'LoadBalancer' && rnd(2) ? ', loadBalancerSourceRanges: [203.0.113.0/25, 192.168.0.0/16]' : '';
		yaml += svc(`ns${i}`, `svc${i}`, `{type: ${type}, clusterIP: 172.30.0.${i + 10}${etp}${itp}${aff}${ext}${ranges}, ports: [{name: p80, port: 80, protocol: TCP${nodePort}}, {name: p53, port: 53, protocol: UDP${type === 'ClusterIP' ? '' : `, nodePort: ${31000 + i}`}}]}`, type === 'LoadBalancer' ? `{loadBalancer: {ingress: [{ip: 1.2.3.${i}}]}}` : '');
		const n = rnd(6);
		const endpoints = Array.from({ length: n }, (_, j) => {
			const node = rnd(2) ? 'test-node' : 'other';
			const state = rnd(4);
			const cond = state === 0 ? ', conditions: {ready: false, serving: true, terminating: true}' : state === 1 ? ', conditions: {ready: false}' : '';
			return `{addresses: [10.${i}.0.${j + 1}], nodeName: ${node}${cond}}`;
		});
		yaml += slice(`ns${i}`, `svc${i}`, `[${endpoints.join(', ')}]`, '[{name: p80, port: 8080, protocol: TCP}, {name: p53, port: 5353, protocol: UDP}]');
	}
	return yaml;
}
