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
