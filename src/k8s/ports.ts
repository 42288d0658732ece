/**
 * The ports view: for each Service port, every way in and the endpoints each one reaches.
 * Which endpoints a way in reaches follows kube-proxy (pkg/proxy/topology.go CategorizeEndpoints):
 * ready endpoints, or the serving-and-terminating ones when none is ready; only the client's
 * node's endpoints for internalTrafficPolicy Local (cluster IPs) and externalTrafficPolicy Local
 * (node ports, load balancers, external IPs).
 */
import { familyOfIP } from './ip.ts';
import type { Cluster, EndpointSliceModel, Protocol, ServiceModel, ServicePortModel } from './types.ts';

export type AccessKind = 'clusterIP' | 'nodePort' | 'loadBalancer' | 'externalIP' | 'headless' | 'externalName';

export interface PortEndpoint {
	pod?: string;
	node?: string;
	ip: string;
	port: number;
	ready: boolean;
	serving: boolean;
	terminating: boolean;
}

export interface Access {
	kind: AccessKind;
	/** `10.96.0.10:53`, `192.168.0.11:30080`, `web.shop.svc.cluster.local` … */
	address: string;
	/** For node-local policies: the node whose local endpoints this way in reaches. */
	node?: string;
	/** Indexes into the port's `endpoints` that a connection this way may reach. */
	reaches: number[];
	/** Why it reaches what it reaches, for readers (policy, fallback, no endpoints). */
	note?: string;
}

export interface PortView {
	name: string;
	protocol: Protocol;
	port: number;
	targetPort: number | string;
	nodePort?: number;
	access: Access[];
	endpoints: PortEndpoint[];
	/** Index in spec.ports. */
	index: number;
}

export interface ServiceView {
	namespace: string;
	name: string;
	type: ServiceModel['type'];
	clusterIPs: string[];
	/** ExternalName: the name the Service's DNS name is an alias (CNAME) for. */
	externalName?: string;
	externalTrafficPolicy?: 'Cluster' | 'Local';
	internalTrafficPolicy: 'Cluster' | 'Local';
	sessionAffinity: 'None' | 'ClientIP';
	ports: PortView[];
}

const hostPort = (ip: string, port: number) => (familyOfIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The endpoints of one Service port, from the Service's slices (matched by port name and protocol, as kube-proxy does). */
export function portEndpoints(slices: EndpointSliceModel[], port: ServicePortModel): PortEndpoint[] {
	const out: PortEndpoint[] = [];
	for (const slice of slices) {
		if (slice.addressType === 'FQDN') continue;
		const sp = slice.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
		if (!sp) continue;
		for (const e of slice.endpoints) {
			// kube-proxy uses the first address of an endpoint.
			const ip = e.addresses[0];
			if (!ip) continue;
			// One object shape, no spreads: this runs once per endpoint of every Service port
			// (an absent pod or node is undefined, which JSON leaves out).
			out.push({ pod: e.targetPod, node: e.nodeName, ip, port: sp.port, ready: e.conditions.ready, serving: e.conditions.serving, terminating: e.conditions.terminating });
		}
	}
	return out;
}

/** kube-proxy's usable endpoints among `candidates`: the ready ones, else serving-terminating ones. */
export function usable(endpoints: PortEndpoint[], candidates: number[]): { reaches: number[]; fallback: boolean } {
	const ready = candidates.filter((i) => endpoints[i].ready);
	if (ready.length > 0) return { reaches: ready, fallback: false };
	const terminating = candidates.filter((i) => endpoints[i].serving && endpoints[i].terminating);
	return { reaches: terminating, fallback: terminating.length > 0 };
}

function describe(reaches: number[], fallback: boolean, local?: string): string | undefined {
	if (reaches.length === 0) return local ? `no ready endpoint on ${local}: dropped (policy Local)` : 'no ready endpoint: rejected';
	if (fallback) return 'no ready endpoint: falls back to serving, terminating ones';
	return local ? `only endpoints on ${local} (policy Local)` : undefined;
}

export function ports(cluster: Cluster): ServiceView[] {
	const slicesBySvc = new Map<string, EndpointSliceModel[]>();
	for (const s of cluster.endpointSlices) {
		const key = `${s.namespace}/${s.serviceName}`;
		const list = slicesBySvc.get(key);
		if (list) list.push(s);
		else slicesBySvc.set(key, [s]);
	}
	const domain = cluster.settings.clusterDomain;
	const nodeNames = cluster.nodes.map((n) => n.name);
	// "192.168.0.11:" or "[fd00::11]:" for each node address, made once: NodePort entries are
	// Services × nodes, most of the view in a large cluster.
	const nodeAddressPrefixes = cluster.nodes.map((n) => n.internalIPs.map((ip) => (familyOfIP(ip) === 6 ? `[${ip}]:` : `${ip}:`)));
	return cluster.services.map((svc) => {
		const slices = slicesBySvc.get(`${svc.namespace}/${svc.name}`) ?? [];
		const dnsName = `${svc.name}.${svc.namespace}.svc.${domain}`;
		const portViews = svc.ports.map((port): PortView => {
			const endpoints = svc.type === 'ExternalName' ? [] : portEndpoints(slices, port);
			const all = endpoints.map((_, i) => i);
			const access: Access[] = [];
			const clusterWide = usable(endpoints, all);
			const localTo = (node: string) => usable(endpoints, all.filter((i) => endpoints[i].node === node));
			const perNodeOrAll = (kind: AccessKind, address: (node?: string) => string, local: boolean) => {
				if (!local) {
					const note = describe(clusterWide.reaches, clusterWide.fallback);
					access.push({ kind, address: address(), reaches: clusterWide.reaches, ...(note ? { note } : {}) });
					return;
				}
				for (const node of nodeNames) {
					const r = localTo(node);
					access.push({ kind, address: address(node), node, reaches: r.reaches, note: describe(r.reaches, r.fallback, node) });
				}
			};
			if (svc.type === 'ExternalName') {
				access.push({ kind: 'externalName', address: `${dnsName} → CNAME ${svc.externalName ?? ''}`, reaches: [], note: 'DNS alias only: no proxying, no endpoints' });
			} else if (svc.headless) {
				access.push({ kind: 'headless', address: dnsName, reaches: all.filter((i) => endpoints[i].ready || svc.publishNotReadyAddresses), note: 'no virtual IP: DNS answers with the endpoints’ IPs' });
			} else {
				for (const ip of svc.clusterIPs) perNodeOrAll('clusterIP', () => hostPort(ip, port.port), svc.internalTrafficPolicy === 'Local');
			}
			const externalLocal = svc.externalTrafficPolicy === 'Local';
			if (port.nodePort !== undefined && (svc.type === 'NodePort' || svc.type === 'LoadBalancer')) {
				// One entry per node address: with many nodes this is most of the view, so it is built plainly.
				const clusterNote = describe(clusterWide.reaches, clusterWide.fallback);
				const nodePort = String(port.nodePort);
				cluster.nodes.forEach((node, n) => {
					const r = externalLocal ? localTo(node.name) : clusterWide;
					const note = externalLocal ? describe(r.reaches, r.fallback, node.name) : clusterNote;
					// One object shape (no note: undefined, which JSON leaves out).
					for (const prefix of nodeAddressPrefixes[n]) access.push({ kind: 'nodePort', address: prefix + nodePort, node: node.name, reaches: r.reaches, note });
				});
			}
			if (svc.type === 'LoadBalancer') {
				for (const ip of svc.loadBalancerIPs) perNodeOrAll('loadBalancer', (n) => hostPort(ip, port.port) + (n ? ` (via ${n})` : ''), externalLocal);
				for (const host of svc.loadBalancerHostnames) access.push({ kind: 'loadBalancer', address: `${host}:${port.port}`, reaches: clusterWide.reaches });
				if (svc.loadBalancerIPs.length === 0 && svc.loadBalancerHostnames.length === 0) {
					access.push({ kind: 'loadBalancer', address: `<pending>:${port.port}`, reaches: [], note: 'no load balancer has been provisioned (status.loadBalancer is empty)' });
				}
			}
			if (svc.type !== 'ExternalName') {
				for (const ip of svc.externalIPs) perNodeOrAll('externalIP', (n) => hostPort(ip, port.port) + (n ? ` (at ${n})` : ''), externalLocal);
			}
			return {
				name: port.name,
				protocol: port.protocol,
				port: port.port,
				targetPort: port.targetPort,
				...(port.nodePort !== undefined ? { nodePort: port.nodePort } : {}),
				access,
				endpoints,
				index: port.index,
			};
		});
		return {
			namespace: svc.namespace,
			name: svc.name,
			type: svc.type,
			clusterIPs: svc.clusterIPs,
			...(svc.type === 'ExternalName' ? { externalName: svc.externalName ?? '' } : {}),
			...(svc.type === 'NodePort' || svc.type === 'LoadBalancer' || svc.externalIPs.length > 0 ? { externalTrafficPolicy: svc.externalTrafficPolicy } : {}),
			internalTrafficPolicy: svc.internalTrafficPolicy,
			sessionAffinity: svc.sessionAffinity,
			ports: portViews,
		};
	});
}
