/**
 * Hand-built clusters for the DNS tests (dns.test.ts, resolve.test.ts): the model's objects
 * written directly, so each test states exactly the Services, slices and Pods CoreDNS sees.
 */
import type { Cluster, EndpointSliceModel, IPFamily, LoadedObject, PodModel, Protocol, ServiceModel } from '../../../src/k8s/types.ts';

export const source = (kind: string, name: string, namespace: string): LoadedObject => ({ kind, apiVersion: 'v1', name, namespace, body: {}, doc: 0, path: [] });

export type PortSpec = [name: string, port: number, protocol?: Protocol];

export function svc(namespace: string, name: string, o: Partial<ServiceModel> & { portList?: PortSpec[] } = {}): ServiceModel {
	const { portList = [], ...rest } = o;
	const clusterIPs = rest.clusterIPs ?? [];
	return {
		namespace,
		name,
		type: 'ClusterIP',
		clusterIPs,
		headless: false,
		ipFamilies: clusterIPs.map((ip): IPFamily => (ip.includes(':') ? 'IPv6' : 'IPv4')),
		ipFamilyPolicy: clusterIPs.length > 1 ? 'RequireDualStack' : 'SingleStack',
		ports: portList.map(([n, port, protocol = 'TCP'], index) => ({ name: n, port, protocol, targetPort: port, index })),
		externalIPs: [],
		loadBalancerIPs: [],
		loadBalancerHostnames: [],
		loadBalancerSourceRanges: [],
		externalTrafficPolicy: 'Cluster',
		internalTrafficPolicy: 'Cluster',
		sessionAffinity: 'None',
		sessionAffinityTimeoutSeconds: 10800,
		publishNotReadyAddresses: false,
		allocateLoadBalancerNodePorts: true,
		source: source('Service', name, namespace),
		...rest,
	};
}

export const headless = (namespace: string, name: string, o: Partial<ServiceModel> & { portList?: PortSpec[] } = {}) => svc(namespace, name, { headless: true, ...o });

export interface EndpointSpec {
	ip: string;
	hostname?: string;
	ready?: boolean;
	serving?: boolean;
	terminating?: boolean;
}

let sliceCount = 0;
/** A slice; its address type follows its first endpoint unless given. */
export function slice(
	namespace: string,
	service: string,
	ports: PortSpec[],
	endpoints: EndpointSpec[],
	addressType: 'IPv4' | 'IPv6' = endpoints[0]?.ip.includes(':') ? 'IPv6' : 'IPv4',
): EndpointSliceModel {
	return {
		namespace,
		name: `${service}-${++sliceCount}`,
		serviceName: service,
		addressType,
		ports: ports.map(([name, port, protocol = 'TCP']) => ({ name, port, protocol })),
		endpoints: endpoints.map((e) => ({
			addresses: [e.ip],
			conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
			...(e.hostname ? { hostname: e.hostname } : {}),
		})),
		generated: false,
	};
}

export function pod(namespace: string, name: string, podIPs: string[], o: Partial<PodModel> = {}): PodModel {
	return { namespace, name, labels: {}, nodeName: 'node-1', podIPs, phase: 'Running', ready: true, terminating: false, hostNetwork: false, ports: [], ...o };
}

export function cluster(o: { services?: ServiceModel[]; slices?: EndpointSliceModel[]; pods?: PodModel[]; namespaces?: string[]; clusterDomain?: string; serviceCIDRs?: string[] }): Cluster {
	return {
		settings: { clusterDomain: o.clusterDomain ?? 'cluster.local', serviceCIDRs: o.serviceCIDRs ?? ['10.96.0.0/12'], podCIDRs: ['10.244.0.0/16'], nodePortRange: { min: 30000, max: 32767 } },
		namespaces: o.namespaces ?? [],
		nodes: [],
		pods: o.pods ?? [],
		services: o.services ?? [],
		endpointSlices: o.slices ?? [],
		diagnostics: [],
		locate: () => undefined,
	};
}
