/**
 * EndpointSlices: the input's own (a real dump), Endpoints mirrored into slices, or made from
 * each Service's selector the way the EndpointSlice controller makes them
 * (kubernetes/kubernetes pkg/controller/endpointslice, staging endpointslice/utils.go).
 */
import { familyOfIP, parseIP } from './ip.ts';
import { randomSuffix } from './names.ts';
import type {
	Diagnostic,
	EndpointModel,
	EndpointSliceModel,
	FieldPath,
	IPFamily,
	LoadedObject,
	NodeModel,
	PodModel,
	Protocol,
	ServiceModel,
} from './types.ts';
import { type Json, isObject, obj, arr, str } from './json.ts';

type Note = (severity: Diagnostic['severity'], message: string, object?: LoadedObject, field?: FieldPath) => void;

/** The controller's maxEndpointsPerSlice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];
const protocolOf = (v: unknown): Protocol => (PROTOCOLS.includes(v as Protocol) ? (v as Protocol) : 'TCP');

function readSlice(o: LoadedObject, namespace: string): EndpointSliceModel {
	const labels = obj(obj(o.body.metadata).labels);
	const addressType = o.body.addressType === 'IPv6' ? 'IPv6' : o.body.addressType === 'FQDN' ? 'FQDN' : 'IPv4';
	return {
		namespace,
		name: o.name,
		serviceName: str(labels['kubernetes.io/service-name']) ?? '',
		addressType,
		ports: arr(o.body.ports)
			.map(obj)
			.filter((p) => typeof p.port === 'number')
			.map((p) => ({ name: str(p.name) ?? '', port: p.port as number, protocol: protocolOf(p.protocol) })),
		endpoints: arr(o.body.endpoints).map((raw) => {
			const e = obj(raw);
			const c = obj(e.conditions);
			const target = obj(e.targetRef);
			// discovery/v1: an unset ready or serving means "unknown", which consumers treat as true
			// (kube-proxy pkg/proxy/endpointslicecache.go).
			return {
				addresses: arr(e.addresses).map(str).filter((a): a is string => !!a),
				conditions: { ready: c.ready !== false, serving: c.serving !== false, terminating: c.terminating === true },
				...(str(e.hostname) ? { hostname: str(e.hostname) } : {}),
				...(str(e.nodeName) ? { nodeName: str(e.nodeName) } : {}),
				...(str(e.zone) ? { zone: str(e.zone) } : {}),
				...(target.kind === 'Pod' && str(target.name) ? { targetPod: str(target.name) } : {}),
			};
		}),
		generated: false,
		source: o,
	};
}

/** v1 Endpoints as the EndpointSlice mirroring controller turns them into slices. */
function mirrorEndpoints(o: LoadedObject, namespace: string): EndpointSliceModel[] {
	return arr(o.body.subsets).flatMap((raw, i) => {
		const subset = obj(raw);
		const ports = arr(subset.ports)
			.map(obj)
			.filter((p) => typeof p.port === 'number')
			.map((p) => ({ name: str(p.name) ?? '', port: p.port as number, protocol: protocolOf(p.protocol) }));
		const toEndpoint = (a: unknown, ready: boolean): EndpointModel => {
			const address = obj(a);
			const target = obj(address.targetRef);
			return {
				addresses: str(address.ip) ? [str(address.ip)!] : [],
				conditions: { ready, serving: ready, terminating: false },
				...(str(address.hostname) ? { hostname: str(address.hostname) } : {}),
				...(str(address.nodeName) ? { nodeName: str(address.nodeName) } : {}),
				...(target.kind === 'Pod' && str(target.name) ? { targetPod: str(target.name) } : {}),
			};
		};
		const endpoints = [...arr(subset.addresses).map((a) => toEndpoint(a, true)), ...arr(subset.notReadyAddresses).map((a) => toEndpoint(a, false))];
		const byFamily = new Map<IPFamily, EndpointModel[]>();
		for (const e of endpoints) {
			const family: IPFamily = parseIP(e.addresses[0] ?? '')?.family === 6 ? 'IPv6' : 'IPv4';
			byFamily.set(family, [...(byFamily.get(family) ?? []), e]);
		}
		return [...byFamily].map(([family, list]) => ({
			namespace,
			name: `${o.name}-${randomSuffix(`${namespace}/${o.name}/${i}/${family}`)}`,
			serviceName: o.name,
			addressType: family,
			ports,
			endpoints: list,
			generated: true,
			source: o,
		}));
	});
}

/** podutil.FindPort: a numeric targetPort as is; a name looked up in the Pod's container ports, by name and protocol. */
export function findPort(pod: PodModel, targetPort: number | string, protocol: Protocol): number | undefined {
	if (typeof targetPort === 'number') return targetPort;
	if (/^\d+$/.test(targetPort)) return Number(targetPort);
	return pod.ports.find((p) => p.name === targetPort && p.protocol === protocol)?.containerPort;
}

function familyIPs(pod: PodModel, family: IPFamily): string[] {
	const want = family === 'IPv6' ? 6 : 4;
	// The common single-stack case reuses the Pod's own array.
	if (pod.podIPs.length === 1) return familyOfIP(pod.podIPs[0]) === want ? pod.podIPs : [];
	return pod.podIPs.filter((ip) => familyOfIP(ip) === want);
}

/** The eight possible condition sets, shared: a large cluster has one per endpoint otherwise. */
const CONDITIONS = Array.from({ length: 8 }, (_, i) => Object.freeze({ ready: (i & 4) > 0, serving: (i & 2) > 0, terminating: (i & 1) > 0 }));
const conditionsOf = (ready: boolean, serving: boolean, terminating: boolean) => CONDITIONS[(ready ? 4 : 0) | (serving ? 2 : 0) | (terminating ? 1 : 0)];

/** Pods by namespace, label key and value, so a selector looks at candidates, not at every Pod. */
type PodIndex = Map<string, Map<string, Map<string, PodModel[]>>>;

function indexPods(pods: PodModel[], keys: Set<string>): PodIndex {
	const index: PodIndex = new Map();
	for (const pod of pods) {
		let byKey = index.get(pod.namespace);
		if (!byKey) index.set(pod.namespace, (byKey = new Map()));
		for (const k of keys) {
			const v = pod.labels[k];
			if (v === undefined) continue;
			let byValue = byKey.get(k);
			if (!byValue) byKey.set(k, (byValue = new Map()));
			const list = byValue.get(v);
			if (list) list.push(pod);
			else byValue.set(v, [pod]);
		}
	}
	return index;
}

function selectPods(index: PodIndex, namespace: string, selector: Record<string, string>): PodModel[] {
	const entries = Object.entries(selector);
	const byKey = index.get(namespace);
	let candidates: PodModel[] | undefined;
	for (const [k, v] of entries) {
		const list = byKey?.get(k)?.get(v) ?? [];
		if (!candidates || list.length < candidates.length) candidates = list;
	}
	if (entries.length === 1) return candidates ?? [];
	return (candidates ?? []).filter((p) => entries.every(([k, v]) => p.labels[k] === v));
}

function slicesFromSelector(service: ServiceModel, index: PodIndex, nodes: Map<string, NodeModel>, note: Note): EndpointSliceModel[] {
	const selected = selectPods(index, service.namespace, service.selector!);
	const slices: EndpointSliceModel[] = [];
	const resolvedFor = new Map<PodModel['ports'], { ports: EndpointSliceModel['ports']; key: string; missing: ServiceModel['ports'] }>();
	for (const family of service.ipFamilies) {
		// Endpoints with the same resolved ports share slices; Pods that resolve a named port
		// differently (or not at all) land in a slice of their own (reconciler.go, utils.go).
		const groups = new Map<string, { ports: EndpointSliceModel['ports']; endpoints: EndpointModel[] }>();
		for (const pod of selected) {
			// ShouldPodBeInEndpoints: no IP yet, or a terminal phase, means no endpoint.
			if (pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
			const addresses = familyIPs(pod, family);
			if (addresses.length === 0) continue;
			// Pods made from one template share their ports array: resolve once per template.
			let resolved = resolvedFor.get(pod.ports);
			if (!resolved) {
				const ports = service.ports.flatMap((sp) => {
					const port = findPort(pod, sp.targetPort, sp.protocol);
					return port === undefined ? [] : [{ name: sp.name, port, protocol: sp.protocol }];
				});
				const missing = service.ports.filter((sp) => typeof sp.targetPort === 'string' && findPort(pod, sp.targetPort, sp.protocol) === undefined);
				resolved = { ports, key: JSON.stringify(ports), missing };
				resolvedFor.set(pod.ports, resolved);
			}
			const { ports, key, missing } = resolved;
			for (const sp of missing) {
				note('warning', `Service ${service.name} port ${sp.port}: Pod ${pod.name} has no container port named "${sp.targetPort}" (${sp.protocol}); that port gets no endpoint on this Pod.`, service.source, ['spec', 'ports', sp.index, 'targetPort']);
			}
			const serving = pod.ready;
			// endpointslice utils podToEndpoint: "ready" is never true for a terminating Pod unless
			// publishNotReadyAddresses is set.
			const ready = service.publishNotReadyAddresses || (serving && !pod.terminating);
			const node = nodes.get(pod.nodeName);
			const hostname = pod.hostname && pod.subdomain === service.name ? pod.hostname : undefined;
			// One object shape for every endpoint (absent fields undefined, which JSON leaves out).
			const endpoint: EndpointModel = {
				addresses: addresses.length === 1 ? addresses : addresses.slice(0, 1),
				conditions: conditionsOf(ready, serving, pod.terminating),
				hostname,
				nodeName: pod.nodeName || undefined,
				zone: node?.zone,
				targetPod: pod.name,
			};
			const group = groups.get(key);
			if (group) group.endpoints.push(endpoint);
			else groups.set(key, { ports, endpoints: [endpoint] });
		}
		let n = 0;
		for (const { ports, endpoints } of groups.values()) {
			for (let i = 0; i < endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
				slices.push({
					namespace: service.namespace,
					name: `${service.name}-${randomSuffix(`${service.namespace}/${service.name}/${family}/${n++}`)}`,
					serviceName: service.name,
					addressType: family,
					ports,
					endpoints: endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE),
					generated: true,
				});
			}
		}
		if (groups.size === 0 && family === service.ipFamilies[0]) {
			note('warning', `Service ${service.name}: its selector matches no Pod with an ${family} address, so it has no endpoints.`, service.source, ['spec', 'selector']);
		}
	}
	return slices;
}

export function buildEndpointSlices(
	objects: LoadedObject[],
	services: ServiceModel[],
	pods: PodModel[],
	nodes: NodeModel[],
	nsOf: (o: LoadedObject) => string,
	note: Note,
): EndpointSliceModel[] {
	const given = objects.filter((o) => o.kind === 'EndpointSlice' && o.apiVersion === 'discovery.k8s.io/v1').map((o) => readSlice(o, nsOf(o)));
	const haveSlices = new Set(given.map((s) => `${s.namespace}/${s.serviceName}`));
	const mirrored = objects
		.filter((o) => o.kind === 'Endpoints' && o.apiVersion === 'v1' && !haveSlices.has(`${nsOf(o)}/${o.name}`))
		.flatMap((o) => mirrorEndpoints(o, nsOf(o)));
	const haveAny = new Set([...haveSlices, ...mirrored.map((s) => `${s.namespace}/${s.serviceName}`)]);
	const nodeMap = new Map(nodes.map((n) => [n.name, n]));
	const index = indexPods(pods, new Set(services.flatMap((s) => Object.keys(s.selector ?? {}))));
	const made = services
		.filter((s) => s.type !== 'ExternalName' && s.selector && !haveAny.has(`${s.namespace}/${s.name}`))
		.flatMap((s) => slicesFromSelector(s, index, nodeMap, note));
	return [...given, ...mirrored, ...made];
}
