/**
 * What kube-proxy's iptables and nftables modes share: the KubeProxyConfiguration they read,
 * the Service ports and endpoints a proxier on one node sees (pkg/proxy servicechangetracker.go,
 * endpointslicecache.go), the endpoints each traffic policy uses (pkg/proxy/topology.go
 * CategorizeEndpoints without topology hints, which the model does not have), the local-traffic
 * detector (pkg/proxy/util/localdetector.go) and the nodePortAddresses selection
 * (pkg/proxy/util/nodeport_addresses.go). Each mode turns these into its own rules.
 */
import { cidrContains, familyOfIP, formatCIDR, parseCIDR, parseIP } from './ip.ts';
import { type PortEndpoint, portEndpoints } from './ports.ts';
import type { Cluster, Diagnostic, EndpointSliceModel, IPFamily, NodeModel, ServiceModel, ServicePortModel } from './types.ts';
import { arr, obj, str } from './json.ts';

// ---------------------------------------------------------------- settings

export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix';

/** The proxy modes svcnet shows the rules of. */
export type ProxyMode = 'iptables' | 'nftables';

export interface ProxySettings {
	/** KubeProxyConfiguration clusterCIDR: comma-separated, at most one per IP family. */
	clusterCIDR?: string;
	/** detectLocalMode (default ClusterCIDR) and its detectLocal.* parameters. */
	detectLocalMode: DetectLocalMode;
	bridgeInterface?: string;
	interfaceNamePrefix?: string;
	/** iptables.masqueradeAll (nftables.masqueradeAll in nftables mode) */
	masqueradeAll: boolean;
	/** iptables.masqueradeBit (nftables.masqueradeBit in nftables mode; default 14): the mark is 1 << bit. */
	masqueradeBit: number;
	/**
	 * The mark as kube-proxy writes it; default from masqueradeBit as NewProxier formats it
	 * (fmt "%#08x": 0x00004000). kube-proxy's unit tests set "0x4000" directly (NewFakeProxier).
	 */
	masqueradeMark?: string;
	/** nodePortAddresses: CIDRs, or "primary" (the node's IPs). [] = every local address. */
	nodePortAddresses: string[];
	/** iptables.localhostNodePorts (default true). */
	localhostNodePorts: boolean;
	/** Runtime: iptables supports MASQUERADE --random-fully (iptables ≥ 1.6.2; true on current nodes). */
	randomFully: boolean;
	/** Runtime: the nfacct counters exist (nfnetlink_acct available; true on current kernels). */
	nfacct: boolean;
	/** Runtime: sysctl net.netfilter.nf_conntrack_tcp_be_liberal is non-zero (kernel default 0). */
	conntrackTCPLiberal: boolean;
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = {
	detectLocalMode: 'ClusterCIDR',
	masqueradeAll: false,
	masqueradeBit: 14,
	nodePortAddresses: [],
	localhostNodePorts: true,
	randomFully: true,
	nfacct: true,
	conntrackTCPLiberal: false,
};

const DETECT_MODES: DetectLocalMode[] = ['ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'];

/**
 * Settings from the input's KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1, defaults
 * from pkg/proxy/apis/config/v1alpha1/defaults.go SetDefaults_KubeProxyConfiguration), then
 * `overrides` (options) on top. `mode` picks the mode's own section (iptables.* or nftables.*)
 * and its defaults: in nftables mode an unset nodePortAddresses is "primary"
 * (cmd/kube-proxy/app/server_linux.go platformApplyDefaults).
 */
export function proxySettings(cluster: Cluster, overrides: Partial<ProxySettings> = {}, mode: ProxyMode = 'iptables'): { settings: ProxySettings; diagnostics: Diagnostic[] } {
	const diagnostics: Diagnostic[] = [];
	const settings: ProxySettings = { ...DEFAULT_PROXY_SETTINGS, nodePortAddresses: [] };
	const config = cluster.proxyConfig;
	const where = (field: (string | number)[]): Partial<Diagnostic> => {
		if (!config) return {};
		const pos = cluster.locate(config, field);
		return { object: `KubeProxyConfiguration/${config.name}`, field: field.join('.'), ...(pos ? { line: pos.line, column: pos.column } : {}) };
	};
	if (config) {
		const body = config.body;
		const section = obj(body[mode]);
		const detect = obj(body.detectLocal);
		const configured = str(body.mode);
		if (configured && configured !== mode) {
			diagnostics.push({ severity: 'warning', message: `KubeProxyConfiguration mode is "${configured}": this shows the ${mode} mode's rules, which kube-proxy would not write.`, ...where(['mode']) });
		}
		if (typeof section.masqueradeAll === 'boolean') settings.masqueradeAll = section.masqueradeAll;
		else if (typeof body.masqueradeAll === 'boolean') settings.masqueradeAll = body.masqueradeAll;
		if (typeof section.masqueradeBit === 'number') settings.masqueradeBit = section.masqueradeBit;
		else if (typeof body.masqueradeBit === 'number') settings.masqueradeBit = body.masqueradeBit;
		const ipt = obj(body.iptables);
		if (typeof ipt.localhostNodePorts === 'boolean') settings.localhostNodePorts = ipt.localhostNodePorts;
		const clusterCIDR = str(body.clusterCIDR) ?? arr(detect.clusterCIDRs).map(str).filter((s) => !!s).join(',');
		if (clusterCIDR) settings.clusterCIDR = clusterCIDR;
		const dlm = str(body.detectLocalMode);
		if (dlm && DETECT_MODES.includes(dlm as DetectLocalMode)) settings.detectLocalMode = dlm as DetectLocalMode;
		else if (dlm) diagnostics.push({ severity: 'error', message: `detectLocalMode "${dlm}" is not one of ${DETECT_MODES.join(', ')}`, ...where(['detectLocalMode']) });
		if (str(detect.bridgeInterface)) settings.bridgeInterface = str(detect.bridgeInterface);
		if (str(detect.interfaceNamePrefix)) settings.interfaceNamePrefix = str(detect.interfaceNamePrefix);
		settings.nodePortAddresses = arr(body.nodePortAddresses).map(str).filter((s): s is string => !!s);
	}
	Object.assign(settings, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)));
	if (mode === 'nftables' && settings.nodePortAddresses.length === 0) settings.nodePortAddresses = ['primary'];
	// pkg/proxy/apis/config/validation: masqueradeBit must be in [0, 31].
	if (!Number.isInteger(settings.masqueradeBit) || settings.masqueradeBit < 0 || settings.masqueradeBit > 31) {
		diagnostics.push({ severity: 'error', message: `${mode}.masqueradeBit: Invalid value: ${settings.masqueradeBit}: must be in the range [0, 31]; using 14`, ...where([mode, 'masqueradeBit']) });
		settings.masqueradeBit = 14;
	}
	for (const c of (settings.clusterCIDR ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
		if (!parseCIDR(c)) diagnostics.push({ severity: 'error', message: `clusterCIDR: Invalid value: "${c}": must be a valid CIDR`, ...where(['clusterCIDR']) });
	}
	for (const a of settings.nodePortAddresses) {
		if (a !== 'primary' && !parseCIDR(a)) diagnostics.push({ severity: 'error', message: `nodePortAddresses: Invalid value: "${a}": must be a valid CIDR or "primary"`, ...where(['nodePortAddresses']) });
	}
	if (settings.nodePortAddresses.length === 0) {
		// cmd/kube-proxy/app/server.go checkBadConfig
		diagnostics.push({ severity: 'info', message: 'nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`' });
	}
	if (settings.detectLocalMode === 'ClusterCIDR' && !settings.clusterCIDR) {
		const rule = mode === 'iptables' ? '"! -s <clusterCIDR>"' : '"ip saddr != <clusterCIDR>"';
		diagnostics.push({ severity: 'info', message: `Detect-local-mode set to ClusterCIDR, but no cluster CIDR specified: kube-proxy cannot tell Pod traffic from other traffic, so it writes no ${rule} masquerade rules (give clusterCIDR in a KubeProxyConfiguration).` });
	}
	return { settings, diagnostics };
}

/** The masquerade mark kube-proxy writes: the setting, or NewProxier's fmt "%#08x" of 1 << masqueradeBit. */
export function masqueradeMark(proxy: ProxySettings): string {
	const bit = Number.isInteger(proxy.masqueradeBit) && proxy.masqueradeBit >= 0 && proxy.masqueradeBit <= 31 ? proxy.masqueradeBit : 14;
	return proxy.masqueradeMark ?? formatMark(2 ** bit);
}

/** Go's fmt.Sprintf("%#08x", v): the digits zero-padded to 8, then the 0x prefix. */
export const formatMark = (value: number) => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;

// ---------------------------------------------------------------- provenance

export interface RuleSource {
	/** `namespace/name` of the Service. */
	service?: string;
	/** The Service port's name ('' when unnamed). */
	port?: string;
	/** `ip:port` of the endpoint. */
	endpoint?: string;
	/** The Pod behind the endpoint, when known. */
	pod?: string;
	/** The field that produced the rule: `spec.clusterIP`, `spec.ports[0].nodePort` … */
	field?: string;
}

// ---------------------------------------------------------------- service ports and endpoints

/** proxy.ServicePortName.String(): "ns/name" plus ":port" when the port has a name. */
export const servicePortNameString = (namespace: string, name: string, port: string) => `${namespace}/${name}${port ? `:${port}` : ''}`;

/** net.JoinHostPort */
export const joinHostPort = (ip: string, port: number) => (familyOfIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`);

export const familyNumber = (f: IPFamily): 4 | 6 => (f === 'IPv4' ? 4 : 6);

/** The family of the cluster's primary service CIDR: a proxier's family when none is asked for. */
export const primaryFamily = (cluster: Cluster): IPFamily => (parseCIDR(cluster.settings.serviceCIDRs[0] ?? '')?.family === 6 ? 'IPv6' : 'IPv4');

export interface ProxyEndpoint extends PortEndpoint {
	/** ip:port, BaseEndpointInfo.String() */
	key: string;
	local: boolean;
	/** The endpoint's chain in the mode's rules (KUBE-SEP-…, endpoint-…). */
	chain: string;
}

/** Which Service port an endpoint chain is named for. */
export interface ServicePortIdentity {
	svc: ServiceModel;
	port: ServicePortModel;
	/** "ns/svc:port" */
	name: string;
	/** lower-case protocol */
	protocol: string;
}

/** A mode's endpoint chain name (newEndpointInfo): the Service port and the endpoint's "ip:port". */
export type EndpointChainNamer = (servicePort: ServicePortIdentity, endpointKey: string) => string;

export interface ProxyServicePort extends ServicePortIdentity {
	clusterIP: string;
	externalIPs: { ip: string; index: number }[];
	loadBalancerVIPs: { ip: string; index: number }[];
	sourceRanges: { cidr: string; index: number }[];
	nodePort: number;
	healthCheckNodePort: number;
	clientIPAffinity: boolean;
	stickySeconds: number;
	internalPolicyLocal: boolean;
	externalPolicyLocal: boolean;
	endpoints: ProxyEndpoint[];
}

/** pkg/api/v1/service/util.go ExternallyAccessible (by Service type) and ExternalPolicyLocal. */
function serviceExternalPolicyLocal(svc: ServiceModel): boolean {
	const accessible = svc.type === 'LoadBalancer' || svc.type === 'NodePort' || (svc.type === 'ClusterIP' && svc.externalIPs.length > 0);
	return accessible && svc.externalTrafficPolicy === 'Local';
}

/** Load balancer ingress IPs of `family` kube-proxy programs: ipMode VIP (or unset) only (pkg/proxy/serviceport.go newBaseServiceInfo). */
function loadBalancerVIPs(svc: ServiceModel, family: 4 | 6): { ip: string; index: number }[] {
	const ingress = arr(obj(obj(obj(svc.source?.body).status).loadBalancer).ingress);
	const out: { ip: string; index: number }[] = [];
	ingress.forEach((raw, index) => {
		const ing = obj(raw);
		const ip = parseIP(str(ing.ip) ?? '');
		if (!ip || ip.family !== family) return;
		const mode = str(ing.ipMode);
		if (mode !== undefined && mode !== 'VIP') return;
		const text = svc.loadBalancerIPs.find((l) => parseIP(l)?.value === ip.value && parseIP(l)?.family === ip.family);
		if (text && !out.some((o) => o.ip === text)) out.push({ ip: text, index });
	});
	return out;
}

/**
 * The Service ports a proxier of `family` on `nodeName` programs, each with its endpoints (one per
 * ip:port, sorted), in a stable order by service port name; `chainOf` names each endpoint's chain.
 */
export function servicePorts(cluster: Cluster, nodeName: string, family: IPFamily, chainOf: EndpointChainNamer): ProxyServicePort[] {
	const fam = familyNumber(family);
	const slicesBySvc = new Map<string, EndpointSliceModel[]>();
	for (const s of cluster.endpointSlices) {
		if (s.addressType !== family) continue;
		const key = `${s.namespace}/${s.serviceName}`;
		const list = slicesBySvc.get(key);
		if (list) list.push(s);
		else slicesBySvc.set(key, [s]);
	}
	const out: ProxyServicePort[] = [];
	for (const svc of cluster.services) {
		// pkg/proxy/servicechangetracker.go: ShouldSkipService (headless, ExternalName), and one
		// proxier per IP family, which only sees the Service's ClusterIP of its family.
		if (svc.type === 'ExternalName' || svc.headless) continue;
		const clusterIP = svc.clusterIPs.find((ip) => familyOfIP(ip) === fam);
		if (!clusterIP) continue;
		const slices = slicesBySvc.get(`${svc.namespace}/${svc.name}`) ?? [];
		const externalIPs = svc.externalIPs.map((ip, index) => ({ ip, index })).filter((e) => familyOfIP(e.ip) === fam);
		const vips = loadBalancerVIPs(svc, fam);
		const sourceRanges: { cidr: string; index: number }[] = [];
		svc.loadBalancerSourceRanges.forEach((r, index) => {
			// proxyutil.MapCIDRsByIPFamily trims spaces and parses sloppily.
			const c = parseCIDR(r.trim());
			if (c && c.family === fam) sourceRanges.push({ cidr: formatCIDR(c), index });
		});
		const externalPolicyLocal = serviceExternalPolicyLocal(svc);
		// apiservice.NeedsHealthCheck: only LoadBalancer Services with externalTrafficPolicy Local.
		const needsHealthCheck = svc.type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local';
		for (const port of svc.ports) {
			const name = servicePortNameString(svc.namespace, svc.name, port.name);
			const protocol = port.protocol.toLowerCase();
			const identity: ServicePortIdentity = { svc, port, name, protocol };
			// pkg/proxy/endpointslicecache.go addEndpoints / endpointsMapFromEndpointInfo: one
			// endpoint per ip:port (a non-terminating one wins), sorted by "ip:port".
			const candidates: ProxyEndpoint[] = [];
			for (const e of portEndpoints(slices, port)) {
				if (e.port <= 0 || familyOfIP(e.ip) !== fam) continue;
				const key = joinHostPort(e.ip, e.port);
				candidates.push({ pod: e.pod, node: e.node, ip: e.ip, port: e.port, ready: e.ready, serving: e.serving, terminating: e.terminating, key, local: e.node === nodeName, chain: '' });
			}
			// A stable sort keeps slice order among duplicates: the first one stands unless a later,
			// non-terminating one replaces it, as kube-proxy's map writes do (without a Map per port).
			candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
			const endpoints: ProxyEndpoint[] = [];
			for (const e of candidates) {
				const last = endpoints[endpoints.length - 1];
				if (last?.key !== e.key) endpoints.push(e);
				else if (!e.terminating) endpoints[endpoints.length - 1] = e;
			}
			for (const e of endpoints) e.chain = chainOf(identity, e.key);
			out.push({
				...identity,
				clusterIP,
				externalIPs,
				loadBalancerVIPs: vips,
				sourceRanges,
				nodePort: svc.type === 'NodePort' || svc.type === 'LoadBalancer' ? (port.nodePort ?? 0) : 0,
				healthCheckNodePort: needsHealthCheck ? (svc.healthCheckNodePort ?? 0) : 0,
				clientIPAffinity: svc.sessionAffinity === 'ClientIP',
				stickySeconds: svc.sessionAffinityTimeoutSeconds,
				internalPolicyLocal: svc.internalTrafficPolicy === 'Local',
				externalPolicyLocal,
				endpoints,
			});
		}
	}
	// kube-proxy walks a Go map (random order); a stable order here, by service port name.
	const order = new Map(out.map((i) => [i, i.name + i.protocol]));
	return out.sort((a, b) => {
		const x = order.get(a)!;
		const y = order.get(b)!;
		return x < y ? -1 : x > y ? 1 : 0;
	});
}

/** pkg/proxy/topology.go CategorizeEndpoints (without topology hints). */
export function categorize(info: ProxyServicePort) {
	const externallyAccessible = info.nodePort !== 0 || info.loadBalancerVIPs.length > 0 || info.externalIPs.length > 0;
	const externalPolicyLocal = externallyAccessible && info.externalPolicyLocal;
	const usesClusterEndpoints = !info.internalPolicyLocal || (externallyAccessible && !externalPolicyLocal);
	const usesLocalEndpoints = info.internalPolicyLocal || externalPolicyLocal;
	const eps = info.endpoints;
	// Ready endpoints, else (when none is ready) the serving, terminating ones.
	const pick = (list: ProxyEndpoint[]) => {
		const ready = list.filter((e) => e.ready);
		return ready.length > 0 ? ready : list.filter((e) => e.serving && e.terminating);
	};
	let clusterEndpoints: ProxyEndpoint[] = [];
	let localEndpoints: ProxyEndpoint[] = [];
	let hasAnyEndpoints = false;
	if (usesClusterEndpoints) {
		clusterEndpoints = pick(eps);
		hasAnyEndpoints = clusterEndpoints.length > 0;
	}
	let allReachable = clusterEndpoints;
	if (usesLocalEndpoints) {
		if (eps.some((e) => e.ready || (e.serving && e.terminating))) hasAnyEndpoints = true;
		localEndpoints = pick(eps.filter((e) => e.local));
		if (!usesClusterEndpoints) allReachable = localEndpoints;
		else if (localEndpoints.length > 0) {
			const seen = new Set(clusterEndpoints.map((e) => e.key));
			allReachable = [...clusterEndpoints, ...localEndpoints.filter((e) => !seen.has(e.key))];
		}
	}
	return { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints, externallyAccessible, externalPolicyLocal, usesClusterEndpoints, usesLocalEndpoints };
}

/**
 * Which policy chain each kind of traffic jumps to, and whether it has endpoints there: the part
 * of syncProxyRules' per-port loop both proxiers share (pkg/proxy/iptables/proxier.go and
 * pkg/proxy/nftables/proxier.go compute it the same way; only the chains' names differ).
 */
export function trafficChains(info: ProxyServicePort, c: ReturnType<typeof categorize>, clusterPolicyChain: string, localPolicyChain: string) {
	const hasEndpoints = c.hasAnyEndpoints;
	const noLocal = c.localEndpoints.length === 0;
	return {
		hasEndpoints,
		usesClusterPolicyChain: c.clusterEndpoints.length > 0 && c.usesClusterEndpoints,
		usesLocalPolicyChain: !noLocal && c.usesLocalEndpoints,
		internalTrafficChain: info.internalPolicyLocal ? localPolicyChain : clusterPolicyChain,
		hasInternalEndpoints: hasEndpoints && !(info.internalPolicyLocal && noLocal),
		externalPolicyChain: c.externalPolicyLocal ? localPolicyChain : clusterPolicyChain,
		hasExternalEndpoints: hasEndpoints && !(c.externalPolicyLocal && noLocal),
		// Based on hasEndpoints, not hasExternalEndpoints: the short-circuit rules for local
		// traffic are needed even when no endpoint takes external traffic.
		usesExternalTrafficChain: hasEndpoints && c.externallyAccessible,
	};
}

// ---------------------------------------------------------------- node-side settings

/**
 * What the local-traffic detector (pkg/proxy/util/localdetector.go) matches on: a source CIDR
 * (ClusterCIDR, NodeCIDR), an input interface (BridgeInterface) or interface name prefix
 * (InterfaceNamePrefix). Each mode writes the match in its own syntax.
 */
export type LocalTraffic = { cidr: string } | { interface: string } | { interfacePrefix: string };

export function localTraffic(proxy: ProxySettings, node: NodeModel | undefined, fam: 4 | 6): LocalTraffic | undefined {
	const cidrOf = (list: string[]) => {
		for (const text of list) {
			const c = parseCIDR(text.trim());
			if (c && c.family === fam) return formatCIDR(c);
		}
		return undefined;
	};
	switch (proxy.detectLocalMode) {
		case 'ClusterCIDR': {
			const c = cidrOf((proxy.clusterCIDR ?? '').split(','));
			return c ? { cidr: c } : undefined;
		}
		case 'NodeCIDR': {
			const c = cidrOf(node?.podCIDRs ?? []);
			return c ? { cidr: c } : undefined;
		}
		case 'BridgeInterface':
			return proxy.bridgeInterface ? { interface: proxy.bridgeInterface } : undefined;
		case 'InterfaceNamePrefix':
			return proxy.interfaceNamePrefix ? { interfacePrefix: proxy.interfaceNamePrefix } : undefined;
	}
	return undefined;
}

/** pkg/proxy/util/nodeport_addresses.go NewNodePortAddresses, with "primary" resolved to the node's IPs. */
export function nodePortAddresses(proxy: ProxySettings, node: NodeModel | undefined, fam: 4 | 6) {
	const texts: string[] = [];
	for (const a of proxy.nodePortAddresses) {
		if (a === 'primary') {
			const ip = node?.internalIPs.find((i) => familyOfIP(i) === fam);
			if (ip) texts.push(fam === 4 ? `${ip}/32` : `${ip}/128`);
		} else {
			const c = parseCIDR(a.trim());
			if (c && c.family === fam) texts.push(a.trim());
		}
	}
	if (texts.length === 0) texts.push(fam === 4 ? '0.0.0.0/0' : '::/0');
	const cidrs = texts.map((t) => parseCIDR(t)!);
	const matchAll = cidrs.some((c) => c.prefix === 0);
	const loopback4 = parseIP('127.0.0.1')!;
	const containsIPv4Loopback = cidrs.some((c) => c.family === 4 && cidrContains(c, loopback4));
	return { cidrs: matchAll ? [cidrs.find((c) => c.prefix === 0)!] : cidrs, matchAll, containsIPv4Loopback };
}

/**
 * NodePortAddresses.GetNodeIPs: the node's addresses inside the CIDRs, each once. kube-proxy asks
 * the kernel; the model knows the node's InternalIPs, and loopback is on every node.
 */
export function nodePortIPs(cidrs: ReturnType<typeof nodePortAddresses>['cidrs'], node: NodeModel | undefined, fam: 4 | 6): string[] {
	const local = [...(node?.internalIPs ?? []), fam === 4 ? '127.0.0.1' : '::1'].filter((ip) => familyOfIP(ip) === fam);
	const out: string[] = [];
	for (const cidr of cidrs) {
		for (const ip of local) {
			if (cidrContains(cidr, parseIP(ip)!) && !out.includes(ip)) out.push(ip);
		}
	}
	return out;
}

export const isLoopback = (ip: string) => (familyOfIP(ip) === 4 ? ip.startsWith('127.') : ip === '::1');
