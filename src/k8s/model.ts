/**
 * buildCluster: what a real cluster would have made of the input. Where the input leaves
 * something out, the engine fills it deterministically and says so in an info diagnostic; where
 * the input gives it (a real cluster's dump), the input wins.
 */
import { defaultService } from './defaults.ts';
import { buildEndpointSlices } from './endpointslices.ts';
import { type CIDR, canonicalIP, cidrSize, formatCIDR, formatIP, nthIP, nthSubnet, parseCIDR, parseIP } from './ip.ts';
import { podTemplateHash, randomSuffix, fnv32a, fnv32aContinue, suffixFromHash } from './names.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type {
	Cluster,
	ClusterSettings,
	ContainerPort,
	Diagnostic,
	FieldPath,
	IPFamily,
	Loaded,
	LoadedObject,
	NodeModel,
	PodModel,
	Protocol,
	ServiceModel,
	ServicePortModel,
	ServiceType,
} from './types.ts';
import { type Json, isObject, obj, arr, str } from './json.ts';

const labelsOf = (v: unknown): Record<string, string> =>
	Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));

const familyOf = (cidr: CIDR): IPFamily => (cidr.family === 4 ? 'IPv4' : 'IPv6');
const ref = (o: LoadedObject) => (o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`);

class Notes {
	readonly list: Diagnostic[] = [];
	private readonly loaded: Loaded;
	constructor(loaded: Loaded) {
		this.loaded = loaded;
	}
	add(severity: Diagnostic['severity'], message: string, object?: LoadedObject, field?: FieldPath) {
		const pos = object ? this.loaded.locate(object, field ?? []) : undefined;
		// One object shape for every note (absent parts undefined, which JSON leaves out): a large
		// input gets one per filled-in value.
		this.list.push({
			severity,
			message,
			line: pos?.line,
			column: pos?.column,
			object: object ? ref(object) : undefined,
			field: field ? fieldText(field) : undefined,
			file: object ? this.loaded.fileOf?.(object) : undefined,
		});
	}
}

export function fieldText(path: FieldPath): string {
	return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/** Hands out addresses of a range without repeats, starting from a stable, hash-chosen offset. */
class Allocator {
	private readonly used = new Set<string>();
	private readonly cidr: CIDR;
	private readonly first: bigint;
	private readonly count: bigint;
	constructor(cidr: CIDR, first: bigint, count: bigint) {
		this.cidr = cidr;
		this.first = first;
		this.count = count;
	}
	reserve(ip: string) {
		this.used.add(ip);
	}
	has(ip: string) {
		return this.used.has(ip);
	}
	next(seed: string): string | undefined {
		if (this.count <= 0n) return undefined;
		if (this.cidr.family === 4) {
			// Plain numbers for IPv4 (at most 2^32): this runs once per Service of a large cluster.
			const count = Number(this.count);
			const base = Number(this.cidr.base) + Number(this.first);
			const start = fnv32a(seed) % count;
			for (let i = 0; i < count && i < 100000; i++) {
				const v = base + ((start + i) % count);
				const ip = `${Math.floor(v / 16777216) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
				if (!this.used.has(ip)) {
					this.used.add(ip);
					return ip;
				}
			}
			return undefined;
		}
		const start = BigInt(fnv32a(seed)) % this.count;
		for (let i = 0n; i < this.count && i < 100000n; i++) {
			const ip = formatIP(nthIP(this.cidr, this.first + ((start + i) % this.count)));
			if (!this.used.has(ip)) {
				this.used.add(ip);
				return ip;
			}
		}
		return undefined;
	}
}

/**
 * The ClusterIP allocator's dynamic band (pkg/registry/core/service/ipallocator): the lower part
 * of the range is kept for IPs users pick (min(max(16, size/16), 256) addresses), and the network
 * and IPv4 broadcast addresses are never handed out. The first address goes to `kubernetes`.
 */
function serviceIPAllocator(cidr: CIDR): Allocator {
	const size = cidrSize(cidr);
	const usable = cidr.family === 4 ? size - 2n : size - 1n;
	const staticBand = usable < 16n ? 0n : [16n, usable / 16n, 256n].sort((a, b) => (a < b ? -1 : 1))[1];
	return new Allocator(cidr, 1n + staticBand, usable - staticBand);
}

interface Context {
	settings: ClusterSettings;
	notes: Notes;
	nodes: NodeModel[];
	/** Round-robin scheduling position. */
	cursor: number;
}

// ---------------------------------------------------------------- nodes

function readNode(o: LoadedObject): NodeModel {
	const status = obj(o.body.status);
	const spec = obj(o.body.spec);
	const addresses = arr(status.addresses).map(obj);
	const ips = (type: string) =>
		addresses
			.filter((a) => a.type === type)
			.map((a) => canonicalIP(str(a.address) ?? ''))
			.filter((a): a is string => !!a);
	const ready = arr(status.conditions).map(obj).find((c) => c.type === 'Ready');
	const podCIDRs = arr(spec.podCIDRs).map(str).filter((c): c is string => !!c && !!parseCIDR(c));
	const single = str(spec.podCIDR);
	const labels = labelsOf(obj(o.body.metadata).labels);
	return {
		name: o.name,
		internalIPs: ips('InternalIP'),
		externalIPs: ips('ExternalIP'),
		podCIDRs: podCIDRs.length > 0 ? podCIDRs : single && parseCIDR(single) ? [single] : [],
		labels,
		ready: ready ? ready.status === 'True' : true,
		zone: labels['topology.kubernetes.io/zone'],
		source: o,
	};
}

function buildNodes(objects: LoadedObject[], podObjects: LoadedObject[], ctx: Omit<Context, 'nodes' | 'cursor'>): NodeModel[] {
	const nodes = objects.filter((o) => o.kind === 'Node' && o.apiVersion === 'v1').map(readNode);
	const names = new Set(nodes.map((n) => n.name));
	// Nodes that Pods say they run on, but that the input does not describe.
	for (const pod of podObjects) {
		const nodeName = str(obj(pod.body.spec).nodeName);
		if (nodeName && !names.has(nodeName)) {
			names.add(nodeName);
			nodes.push({ name: nodeName, internalIPs: [], externalIPs: [], podCIDRs: [], labels: {}, ready: true });
			ctx.notes.add('info', `Node ${nodeName} is not in the input; assumed to exist because Pod ${pod.name} runs on it.`, pod, ['spec', 'nodeName']);
		}
	}
	if (nodes.length === 0) {
		nodes.push({ name: 'node-1', internalIPs: [], externalIPs: [], podCIDRs: [], labels: {}, ready: true });
		ctx.notes.add('info', 'No Node in the input: assumed one node, node-1.');
	}
	const podCIDRs = ctx.settings.podCIDRs.map((c) => parseCIDR(c)!);
	const taken = new Set(nodes.flatMap((n) => n.podCIDRs));
	let nextSubnet = 0;
	nodes.forEach((node, i) => {
		if (node.internalIPs.length === 0) {
			node.internalIPs = [`192.168.0.${11 + (i % 240)}`];
			ctx.notes.add('info', `Node ${node.name}: InternalIP ${node.internalIPs[0]} assumed.`, node.source);
		}
		if (node.podCIDRs.length === 0) {
			// kube-controller-manager's range allocator: a /24 (IPv4) or /64 (IPv6) per node, in order.
			for (;;) {
				const subnets = podCIDRs.map((c) => nthSubnet(c, c.family === 4 ? Math.max(24, c.prefix) : Math.max(64, c.prefix), nextSubnet));
				nextSubnet++;
				if (subnets.some((s) => !s)) break;
				const texts = subnets.map((s) => formatCIDR(s!));
				if (texts.some((t) => taken.has(t))) continue;
				node.podCIDRs = texts;
				break;
			}
			if (node.podCIDRs.length > 0) ctx.notes.add('info', `Node ${node.name}: podCIDR ${node.podCIDRs.join(',')} assigned from ${ctx.settings.podCIDRs.join(',')}.`, node.source);
			else ctx.notes.add('warning', `Node ${node.name}: the pod network ${ctx.settings.podCIDRs.join(',')} has no podCIDR left for it (one /24 per node), so its Pods get no IP. Give a larger range with --pod-cidr.`, node.source);
		}
	});
	return nodes;
}

// ---------------------------------------------------------------- pods

function containerPorts(podSpec: Json): ContainerPort[] {
	return arr(podSpec.containers)
		.map(obj)
		.flatMap((c) =>
			arr(c.ports)
				.map(obj)
				.filter((p) => typeof p.containerPort === 'number')
				.map((p) => ({
					...(typeof p.name === 'string' && p.name ? { name: p.name } : {}),
					containerPort: p.containerPort as number,
					protocol: ((str(p.protocol) ?? 'TCP') as Protocol),
					container: str(c.name) ?? '',
				})),
		);
}

function readPod(o: LoadedObject, namespace: string): PodModel {
	const metadata = obj(o.body.metadata);
	const spec = obj(o.body.spec);
	const status = obj(o.body.status);
	const ready = arr(status.conditions).map(obj).find((c) => c.type === 'Ready');
	const podIPs = arr(status.podIPs)
		.map((p) => canonicalIP(str(obj(p).ip) ?? ''))
		.filter((p): p is string => !!p);
	const single = canonicalIP(str(status.podIP) ?? '');
	const owner = arr(metadata.ownerReferences).map(obj).find((r) => r.controller === true) ?? obj(arr(metadata.ownerReferences)[0]);
	return {
		namespace,
		name: o.name,
		labels: labelsOf(metadata.labels),
		nodeName: str(spec.nodeName) ?? '',
		podIPs: podIPs.length > 0 ? podIPs : single ? [single] : [],
		phase: str(status.phase) ?? 'Running',
		ready: ready ? ready.status === 'True' : Object.keys(status).length === 0,
		terminating: typeof metadata.deletionTimestamp === 'string',
		hostNetwork: spec.hostNetwork === true,
		...(str(spec.hostname) ? { hostname: str(spec.hostname) } : {}),
		...(str(spec.subdomain) ? { subdomain: str(spec.subdomain) } : {}),
		ports: containerPorts(spec),
		...(typeof owner.kind === 'string' && typeof owner.name === 'string' ? { owner: { kind: owner.kind, name: owner.name } } : {}),
		source: o,
	};
}

interface Workload {
	object: LoadedObject;
	namespace: string;
	kind: string;
	/** The controller's name for the Pods' owner (a Deployment's ReplicaSet). */
	ownerName: string;
	ownerKind: string;
	replicas: number;
	template: Json;
}

function matchesSelector(labels: Record<string, string>, selector: Record<string, string>): boolean {
	return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Workloads whose Pods the input does not list, so the engine makes them (the controllers' job). */
function workloads(objects: LoadedObject[], nsOf: (o: LoadedObject) => string): Workload[] {
	const result: Workload[] = [];
	// Who already has Pods (or ReplicaSets) in the input, as namespace/kind/name of the owner.
	const owned = new Set<string>();
	for (const o of objects) {
		if ((o.kind !== 'Pod' || o.apiVersion !== 'v1') && (o.kind !== 'ReplicaSet' || o.apiVersion !== 'apps/v1')) continue;
		for (const r of arr(obj(o.body.metadata).ownerReferences)) owned.add(`${nsOf(o)}/${o.kind === 'Pod' ? 'pod' : 'rs'}/${str(obj(r).kind)}/${str(obj(r).name)}`);
	}
	for (const o of objects) {
		if (o.apiVersion !== 'apps/v1') continue;
		const spec = obj(o.body.spec);
		const template = obj(spec.template);
		const replicas = typeof spec.replicas === 'number' ? Math.max(0, Math.min(spec.replicas, 1000)) : 1;
		const namespace = nsOf(o);
		const hasPods = (kind: string, name: string) => owned.has(`${namespace}/pod/${kind}/${name}`);
		if (o.kind === 'Deployment') {
			if (owned.has(`${namespace}/rs/Deployment/${o.name}`)) continue;
			const rsName = `${o.name}-${podTemplateHash(template)}`;
			if (hasPods('ReplicaSet', rsName)) continue;
			result.push({ object: o, namespace, kind: 'Deployment', ownerKind: 'ReplicaSet', ownerName: rsName, replicas, template });
		} else if (o.kind === 'ReplicaSet') {
			if (hasPods('ReplicaSet', o.name)) continue;
			result.push({ object: o, namespace, kind: 'ReplicaSet', ownerKind: 'ReplicaSet', ownerName: o.name, replicas, template });
		} else if (o.kind === 'StatefulSet' || o.kind === 'DaemonSet') {
			if (hasPods(o.kind, o.name)) continue;
			result.push({ object: o, namespace, kind: o.kind, ownerKind: o.kind, ownerName: o.name, replicas, template });
		}
	}
	return result;
}

const TEMPLATE_PATH: FieldPath = ['spec', 'template'];

function podsFromWorkload(w: Workload, ctx: Context): PodModel[] {
	const templateMeta = obj(w.template.metadata);
	const podSpec = obj(w.template.spec);
	const labels = labelsOf(templateMeta.labels);
	// Shared by every Pod of the workload (they are read-only from here on).
	const ports = containerPorts(podSpec);
	const owner = { kind: w.ownerKind, name: w.ownerName };
	const hostNetwork = podSpec.hostNetwork === true;
	// One object shape for every Pod (no spreads), which keeps making 100,000 of them cheap.
	const base = (name: string, nodeName: string, podLabels: Record<string, string>, hostname?: string, subdomain?: string): PodModel => ({
		namespace: w.namespace,
		name,
		labels: podLabels,
		nodeName,
		podIPs: [],
		phase: 'Running',
		ready: true,
		terminating: false,
		hostNetwork,
		hostname,
		subdomain,
		ports,
		owner,
		source: w.object,
		templatePath: TEMPLATE_PATH,
	});
	const nodeSelector = labelsOf(podSpec.nodeSelector);
	const schedulable = Object.keys(nodeSelector).length === 0 ? ctx.nodes : ctx.nodes.filter((n) => matchesSelector(n.labels, nodeSelector));
	const pinned = str(podSpec.nodeName);
	// Spread over the nodes across all workloads, as the scheduler's spreading would.
	const nodeFor = () => pinned ?? schedulable[ctx.cursor++ % Math.max(1, schedulable.length)]?.name ?? '';
	if (w.kind === 'DaemonSet') {
		return schedulable.map((n) => base(`${w.ownerName}-${randomSuffix(`${w.namespace}/${w.ownerName}/${n.name}`)}`, n.name, labels));
	}
	if (w.kind === 'StatefulSet') {
		const serviceName = str(obj(w.object.body.spec).serviceName);
		return Array.from({ length: w.replicas }, (_, i) => {
			const name = `${w.ownerName}-${i}`;
			return base(name, nodeFor(), { ...labels, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) }, name, serviceName);
		});
	}
	const hash = w.kind === 'Deployment' ? w.ownerName.slice(w.object.name.length + 1) : undefined;
	// One labels object for all replicas: they are identical, and the model never mutates them.
	const replicaLabels = hash ? { ...labels, 'pod-template-hash': hash } : labels;
	// The seed of replica i is "<namespace>/<owner>/<i>": hash the common prefix once.
	const seedPrefix = fnv32a(`${w.namespace}/${w.ownerName}/`);
	const namePrefix = `${w.ownerName}-`;
	const pods: PodModel[] = [];
	for (let i = 0; i < w.replicas; i++) pods.push(base(namePrefix + suffixFromHash(fnv32aContinue(seedPrefix, String(i))), nodeFor(), replicaLabels));
	return pods;
}

interface PodIPRange {
	/** The next free-looking address of the node's range, undefined when it is used up. */
	next: () => string | undefined;
}

/** host-local IPAM on a node's podCIDR: .1 is the bridge's gateway, Pods start at .2. */
function podIPRange(cidr: CIDR): PodIPRange {
	const last = cidrSize(cidr) - 1n;
	if (cidr.family === 4) {
		// Plain numbers for IPv4: this runs once per Pod of a large cluster.
		const base = Number(cidr.base);
		const end = Number(last);
		let n = 2;
		if (cidr.prefix >= 24) {
			// Within a /24 or smaller only the last octet changes.
			const prefix = formatIP({ family: 4, value: cidr.base }).replace(/\d+$/, '');
			const first = base & 255;
			return { next: () => (n >= end ? undefined : prefix + (first + n++)) };
		}
		return {
			next: () => {
				if (n >= end) return undefined;
				const v = base + n++;
				return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
			},
		};
	}
	let n = 2n;
	return { next: () => (n >= last ? undefined : formatIP(nthIP(cidr, n++))) };
}

function buildPods(objects: LoadedObject[], nsOf: (o: LoadedObject) => string, ctx: Context): PodModel[] {
	const pods = objects.filter((o) => o.kind === 'Pod' && o.apiVersion === 'v1').map((o) => readPod(o, nsOf(o)));
	for (const w of workloads(objects, nsOf)) {
		const made = podsFromWorkload(w, ctx);
		pods.push(...made);
		const what = w.kind === 'Deployment' ? `ReplicaSet ${w.ownerName} and ${made.length} Pod(s)` : `${made.length} Pod(s)`;
		ctx.notes.add('info', `${w.kind} ${w.object.name}: made ${what}, assumed Running and Ready.`, w.object);
	}
	// Schedule what the input left unscheduled, round-robin, then hand out Pod IPs from each node's podCIDR.
	pods.forEach((pod, i) => {
		if (!pod.nodeName) {
			pod.nodeName = ctx.nodes[i % ctx.nodes.length].name;
			if (pod.source?.kind === 'Pod') ctx.notes.add('info', `Pod ${pod.name}: scheduled to ${pod.nodeName}.`, pod.source);
		}
	});
	const allocators = new Map<string, PodIPRange[]>();
	// Only IPs the input gives can collide: each node's range hands out every address once.
	const givenIPs = new Set(pods.flatMap((p) => p.podIPs));
	const nodesByName = new Map(ctx.nodes.map((n) => [n.name, n]));
	const exhausted = new Set<string>();
	for (const pod of pods) {
		if (pod.podIPs.length > 0 || pod.phase === 'Pending') continue;
		const node = nodesByName.get(pod.nodeName);
		if (!node) continue;
		if (pod.hostNetwork) {
			pod.podIPs = [...node.internalIPs];
			continue;
		}
		let ranges = allocators.get(node.name);
		if (!ranges) {
			ranges = node.podCIDRs.map((c) => parseCIDR(c)).filter((c): c is CIDR => !!c).map(podIPRange);
			allocators.set(node.name, ranges);
		}
		const ips: string[] = [];
		for (const range of ranges) {
			for (let ip = range.next(); ip !== undefined; ip = range.next()) {
				if (givenIPs.size > 0 && givenIPs.has(ip)) continue;
				ips.push(ip);
				break;
			}
		}
		pod.podIPs = ips;
		if (pod.podIPs.length === 0 && ranges.length > 0 && !exhausted.has(node.name)) {
			exhausted.add(node.name);
			ctx.notes.add('warning', `Node ${node.name}: its podCIDR ${node.podCIDRs.join(',')} is full; Pod ${pod.name} and later ones get no IP.`, pod.source);
		}
		if (pod.source?.kind === 'Pod' && pod.podIPs.length > 0) ctx.notes.add('info', `Pod ${pod.name}: IP ${pod.podIPs.join(',')} assigned on ${node.name}.`, pod.source);
	}
	return pods;
}

// ---------------------------------------------------------------- services

const SERVICE_TYPES: ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];

function buildServices(objects: LoadedObject[], nsOf: (o: LoadedObject) => string, ctx: Context): ServiceModel[] {
	const { settings, notes } = ctx;
	const cidrs = settings.serviceCIDRs.map((c) => parseCIDR(c)!);
	const allocators = new Map(cidrs.map((c) => [c.family, serviceIPAllocator(c)]));
	const sources = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
	const defaulted = sources.map((o) => ({ o, body: defaultService(o.body), namespace: nsOf(o) }));

	// The `kubernetes` Service (single-stack) holds the first address of the primary range.
	allocators.get(cidrs[0].family)!.reserve(formatIP(nthIP(cidrs[0], 1n)));
	// Addresses and node ports the input asks for are taken first, so filled ones never collide.
	const usedNodePorts = new Set<number>();
	for (const { body } of defaulted) {
		const spec = obj(body.spec);
		for (const ip of [...arr(spec.clusterIPs), spec.clusterIP]) {
			const parsed = parseIP(str(ip) ?? '');
			if (parsed) allocators.get(parsed.family)?.reserve(formatIP(parsed));
		}
		for (const p of arr(spec.ports)) if (typeof obj(p).nodePort === 'number') usedNodePorts.add(obj(p).nodePort as number);
		if (typeof spec.healthCheckNodePort === 'number') usedNodePorts.add(spec.healthCheckNodePort);
	}
	const { min, max } = settings.nodePortRange;
	const portCount = max - min + 1;
	// The node port allocator keeps a low band for requested ports too: min(max(16, size/32), 128).
	const portStatic = portCount < 16 ? 0 : Math.min(Math.max(16, Math.floor(portCount / 32)), 128);
	const nextNodePort = (seed: string): number | undefined => {
		const span = portCount - portStatic;
		const start = fnv32a(seed) % Math.max(1, span);
		for (let i = 0; i < span; i++) {
			const port = min + portStatic + ((start + i) % span);
			if (!usedNodePorts.has(port)) {
				usedNodePorts.add(port);
				return port;
			}
		}
		return undefined;
	};

	return defaulted.map(({ o, body, namespace }) => {
		const spec = obj(body.spec);
		const statusLB = obj(obj(obj(body.status).loadBalancer));
		const type = (SERVICE_TYPES.includes(spec.type as ServiceType) ? spec.type : 'ClusterIP') as ServiceType;
		const given: string[] = [];
		for (const v of arr(spec.clusterIPs)) if (str(v)) given.push(v as string);
		if (str(spec.clusterIP)) given.push(spec.clusterIP as string);
		const headless = given[0] === 'None';
		const selectorRaw = spec.selector;
		const selector = isObject(selectorRaw) && Object.keys(selectorRaw).length > 0 ? labelsOf(selectorRaw) : undefined;
		const policy = (['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(spec.ipFamilyPolicy as string)
			? spec.ipFamilyPolicy
			: 'SingleStack') as ServiceModel['ipFamilyPolicy'];

		// IP families: the ones asked for, else those of given IPs, else the cluster's primary (and secondary for dual-stack).
		let families = arr(spec.ipFamilies).filter((f): f is IPFamily => f === 'IPv4' || f === 'IPv6');
		const givenIPs = headless ? [] : given.map((g) => parseIP(g)).filter((p) => !!p);
		if (families.length === 0) {
			families = givenIPs.length > 0 ? [...new Set(givenIPs.map((p) => (p!.family === 4 ? 'IPv4' : 'IPv6') as IPFamily))] : [familyOf(cidrs[0])];
			if (policy !== 'SingleStack' && cidrs.length > 1) {
				for (const c of cidrs) if (!families.includes(familyOf(c))) families.push(familyOf(c));
			}
		}
		families = families.filter((f) => cidrs.some((c) => familyOf(c) === f)).slice(0, policy === 'SingleStack' ? 1 : 2);

		let clusterIPs: string[] = [];
		if (type !== 'ExternalName' && !headless) {
			clusterIPs = givenIPs.length === 0 ? [] : [...new Set(givenIPs.map((p) => formatIP(p!)))];
			for (const family of families) {
				if (clusterIPs.length > 0 && clusterIPs.some((ip) => parseIP(ip)!.family === (family === 'IPv4' ? 4 : 6))) continue;
				const ip = allocators.get(family === 'IPv4' ? 4 : 6)?.next(`${namespace}/${o.name}/${family}`);
				if (ip) {
					clusterIPs.push(ip);
					const cidr = cidrs.find((c) => familyOf(c) === family)!;
					notes.add('info', `Service ${o.name}: clusterIP ${ip} assigned from ${formatCIDR(cidr)}.`, o, ['spec']);
				}
			}
		}

		const wantsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
		const ports: ServicePortModel[] = arr(spec.ports).map((raw, index) => {
			const p = obj(raw);
			const protocol = (PROTOCOLS.includes(p.protocol as Protocol) ? p.protocol : 'TCP') as Protocol;
			const port = typeof p.port === 'number' ? p.port : 0;
			let nodePort = typeof p.nodePort === 'number' ? p.nodePort : undefined;
			if (nodePort === undefined && wantsNodePorts) {
				nodePort = nextNodePort(`${namespace}/${o.name}/${index}`);
				if (nodePort !== undefined) notes.add('info', `Service ${o.name}: nodePort ${nodePort} assigned to port ${port}/${protocol}.`, o, ['spec', 'ports', index]);
			}
			return {
				name: str(p.name) ?? '',
				protocol,
				port,
				targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : port,
				nodePort,
				appProtocol: str(p.appProtocol) || undefined,
				index,
			};
		});

		const externalTrafficPolicy = spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
		let healthCheckNodePort = typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : undefined;
		if (type === 'LoadBalancer' && externalTrafficPolicy === 'Local' && healthCheckNodePort === undefined) {
			healthCheckNodePort = nextNodePort(`${namespace}/${o.name}/healthCheck`);
			if (healthCheckNodePort !== undefined) notes.add('info', `Service ${o.name}: healthCheckNodePort ${healthCheckNodePort} assigned.`, o, ['spec']);
		}
		const ingress = arr(statusLB.ingress).map(obj);
		const timeout = obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
		// One object shape for every Service (absent fields undefined).
		const model: ServiceModel = {
			namespace,
			name: o.name,
			type,
			clusterIPs,
			headless,
			ipFamilies: families,
			ipFamilyPolicy: policy,
			selector,
			ports,
			externalName: type === 'ExternalName' ? str(spec.externalName) || undefined : undefined,
			externalIPs: arr(spec.externalIPs).map((ip) => canonicalIP(str(ip) ?? '')).filter((ip): ip is string => !!ip),
			loadBalancerIPs: ingress.map((i) => canonicalIP(str(i.ip) ?? '')).filter((ip): ip is string => !!ip),
			loadBalancerHostnames: ingress.map((i) => str(i.hostname)).filter((h): h is string => !!h),
			loadBalancerSourceRanges: arr(spec.loadBalancerSourceRanges).map(str).filter((r): r is string => !!r),
			externalTrafficPolicy,
			internalTrafficPolicy: spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
			sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
			sessionAffinityTimeoutSeconds: typeof timeout === 'number' ? timeout : 10800,
			publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
			healthCheckNodePort,
			allocateLoadBalancerNodePorts: spec.allocateLoadBalancerNodePorts !== false,
			source: o,
		};
		if (type === 'LoadBalancer' && ingress.length === 0) {
			notes.add('info', `Service ${o.name}: LoadBalancer ingress is <pending> (no cloud load balancer in the input's status).`, o, ['spec', 'type']);
		}
		return model;
	});
}

// ---------------------------------------------------------------- the cluster

export function buildCluster(loaded: Loaded, settings: ClusterSettings = DEFAULT_SETTINGS): Cluster {
	const notes = new Notes(loaded);
	const objects = loaded.objects;
	const nsOf = (o: LoadedObject) => o.namespace ?? 'default';
	const namespaced = objects.filter((o) => !['Node', 'Namespace', 'KubeProxyConfiguration'].includes(o.kind));
	// The four namespaces every cluster has (kubeadm creates kube-public and kube-node-lease too).
	const namespaces = [...new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.name), ...namespaced.map(nsOf)])].sort();

	const podObjects = objects.filter((o) => o.kind === 'Pod' && o.apiVersion === 'v1');
	const nodes = buildNodes(objects, podObjects, { settings, notes });
	const ctx: Context = { settings, notes, nodes, cursor: 0 };
	const pods = buildPods(objects, nsOf, ctx);
	const services = buildServices(objects, nsOf, ctx);
	const endpointSlices = buildEndpointSlices(objects, services, pods, nodes, nsOf, (severity, message, object, field) => notes.add(severity, message, object, field));

	return {
		settings,
		namespaces,
		nodes,
		pods,
		services,
		endpointSlices,
		...(objects.find((o) => o.kind === 'KubeProxyConfiguration') ? { proxyConfig: objects.find((o) => o.kind === 'KubeProxyConfiguration') } : {}),
		diagnostics: [...loaded.diagnostics, ...notes.list],
		locate: loaded.locate,
	};
}

export { matchesSelector };
