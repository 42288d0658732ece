/**
 * The iptables view: the filter and nat rules kube-proxy's iptables mode restores on one node,
 * following kubernetes/kubernetes pkg/proxy/iptables/proxier.go (syncProxyRules and
 * writeServiceToEndpointRules, 1.3x) rule for rule, in the order the proxier writes them.
 *
 * What the proxier reads from the running node and the model cannot know is a setting here
 * (ProxySettings): whether iptables supports --random-fully (HasRandomFully), whether the
 * nfacct counters could be created (NewProxier / nfAcctCounters), and the sysctl
 * nf_conntrack_tcp_be_liberal (conntrackTCPLiberal). The node's local addresses for
 * nodePortAddresses CIDRs are its InternalIPs plus loopback (kube-proxy asks the kernel).
 * Stale-chain deletion ("-X" lines) depends on what the previous sync left behind, so a
 * first full sync is shown, which deletes nothing. Topology hints (topology-aware routing,
 * trafficDistribution) are not in the model, so endpoints are chosen as the ports view chooses
 * them (pkg/proxy/topology.go CategorizeEndpoints without hints).
 */
import { cidrContains, familyOfIP, formatCIDR, parseCIDR, parseIP } from './ip.ts';
import { type PortEndpoint, portEndpoints } from './ports.ts';
import { sha256Base32Prefix16 } from './sha256.ts';
import type { Cluster, Diagnostic, EndpointSliceModel, IPFamily, NodeModel, ServiceModel, ServicePortModel } from './types.ts';
import { type Json, isObject, obj, arr, str } from './json.ts';

// ---------------------------------------------------------------- settings

export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix';

export interface ProxySettings {
	/** KubeProxyConfiguration clusterCIDR: comma-separated, at most one per IP family. */
	clusterCIDR?: string;
	/** detectLocalMode (default ClusterCIDR) and its detectLocal.* parameters. */
	detectLocalMode: DetectLocalMode;
	bridgeInterface?: string;
	interfaceNamePrefix?: string;
	/** iptables.masqueradeAll */
	masqueradeAll: boolean;
	/** iptables.masqueradeBit (default 14): the mark is 1 << bit. */
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
 * `overrides` (options) on top.
 */
export function proxySettings(cluster: Cluster, overrides: Partial<ProxySettings> = {}): { settings: ProxySettings; diagnostics: Diagnostic[] } {
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
		const ipt = obj(body.iptables);
		const detect = obj(body.detectLocal);
		const mode = str(body.mode);
		if (mode && mode !== 'iptables') {
			diagnostics.push({ severity: 'warning', message: `KubeProxyConfiguration mode is "${mode}": this shows the iptables mode's rules, which kube-proxy would not write.`, ...where(['mode']) });
		}
		if (typeof ipt.masqueradeAll === 'boolean') settings.masqueradeAll = ipt.masqueradeAll;
		else if (typeof body.masqueradeAll === 'boolean') settings.masqueradeAll = body.masqueradeAll;
		if (typeof ipt.masqueradeBit === 'number') settings.masqueradeBit = ipt.masqueradeBit;
		else if (typeof body.masqueradeBit === 'number') settings.masqueradeBit = body.masqueradeBit;
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
	// pkg/proxy/apis/config/validation: masqueradeBit must be in [0, 31].
	if (!Number.isInteger(settings.masqueradeBit) || settings.masqueradeBit < 0 || settings.masqueradeBit > 31) {
		diagnostics.push({ severity: 'error', message: `iptables.masqueradeBit: Invalid value: ${settings.masqueradeBit}: must be in the range [0, 31]; using 14`, ...where(['iptables', 'masqueradeBit']) });
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
		diagnostics.push({ severity: 'info', message: 'Detect-local-mode set to ClusterCIDR, but no cluster CIDR specified: kube-proxy cannot tell Pod traffic from other traffic, so it writes no "! -s <clusterCIDR>" masquerade rules (give clusterCIDR in a KubeProxyConfiguration).' });
	}
	return { settings, diagnostics };
}

// ---------------------------------------------------------------- rules

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

export interface Rule {
	chain: string;
	/** The rule's words after "-A CHAIN", as kube-proxy writes them (comments with their quotes). */
	args: string[];
	source?: RuleSource;
}

export interface RulesetTable {
	name: 'filter' | 'nat';
	/** Declared chains (":CHAIN - [0:0]"), in the order kube-proxy declares them. */
	chains: string[];
	/** Rules in the order kube-proxy writes them. */
	rules: Rule[];
}

export interface Ruleset {
	family: IPFamily;
	node: string;
	tables: RulesetTable[];
	/** More than 1000 endpoints: kube-proxy drops the per-endpoint comments (largeClusterEndpointsThreshold). */
	largeClusterMode: boolean;
	diagnostics: Diagnostic[];
}

/** proxier.go largeClusterEndpointsThreshold. */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

const KUBE_SERVICES = 'KUBE-SERVICES';
const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
const KUBE_FORWARD = 'KUBE-FORWARD';
const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
const KUBE_FIREWALL = 'KUBE-FIREWALL';
/** pkg/proxy/metrics: the nfacct counter names. */
const NFACCT_LOCALHOST_NODEPORT = 'localhost_nps_accepted_pkts';
const NFACCT_INVALID_DROPPED = 'ct_state_invalid_dropped_pkts';

/** portProtoHash: SHA-256 of "ns/svc:port" + "tcp", base32, first 16 characters. */
export function portProtoHash(servicePortName: string, protocol: string): string {
	return sha256Base32Prefix16(servicePortName + protocol);
}
export const servicePortPolicyClusterChain = (name: string, protocol: string) => `KUBE-SVC-${portProtoHash(name, protocol)}`;
export const servicePortPolicyLocalChainName = (name: string, protocol: string) => `KUBE-SVL-${portProtoHash(name, protocol)}`;
export const serviceFirewallChainName = (name: string, protocol: string) => `KUBE-FW-${portProtoHash(name, protocol)}`;
export const serviceExternalChainName = (name: string, protocol: string) => `KUBE-EXT-${portProtoHash(name, protocol)}`;
export function servicePortEndpointChainName(name: string, protocol: string, endpoint: string): string {
	return `KUBE-SEP-${sha256Base32Prefix16(name + protocol + endpoint)}`;
}

/** proxy.ServicePortName.String(): "ns/name" plus ":port" when the port has a name. */
export const servicePortNameString = (namespace: string, name: string, port: string) => `${namespace}/${name}${port ? `:${port}` : ''}`;

/**
 * computeProbability: Go's fmt "%0.10f" of 1/n. Go rounds the exact binary value half to even;
 * JavaScript's toFixed rounds halves up (they differ for n = 2048).
 */
export function computeProbability(n: number): string {
	const x = 1 / n;
	const exact = x.toFixed(30);
	const dot = exact.indexOf('.');
	const rest = exact.slice(dot + 11);
	if (/^50*$/.test(rest)) {
		const truncated = exact.slice(0, dot + 11);
		const last = Number(truncated[truncated.length - 1]);
		return last % 2 === 0 ? truncated : x.toFixed(10);
	}
	return x.toFixed(10);
}

/** Go's fmt.Sprintf("%#08x", v): the digits zero-padded to 8, then the 0x prefix. */
export const formatMark = (value: number) => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;

/** net.JoinHostPort */
const joinHostPort = (ip: string, port: number) => (familyOfIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`);

interface Endpoint extends PortEndpoint {
	/** ip:port, BaseEndpointInfo.String() */
	key: string;
	local: boolean;
	chain: string;
}

interface ServicePortInfo {
	svc: ServiceModel;
	port: ServicePortModel;
	/** "ns/svc:port" */
	name: string;
	/** lower-case protocol */
	protocol: string;
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
	hash: string;
	endpoints: Endpoint[];
}

const familyNumber = (f: IPFamily) => (f === 'IPv4' ? 4 : 6);

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

function servicePorts(cluster: Cluster, nodeName: string, family: IPFamily): ServicePortInfo[] {
	const fam = familyNumber(family);
	const slicesBySvc = new Map<string, EndpointSliceModel[]>();
	for (const s of cluster.endpointSlices) {
		if (s.addressType !== family) continue;
		const key = `${s.namespace}/${s.serviceName}`;
		const list = slicesBySvc.get(key);
		if (list) list.push(s);
		else slicesBySvc.set(key, [s]);
	}
	const out: ServicePortInfo[] = [];
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
			const hash = portProtoHash(name, protocol);
			// pkg/proxy/endpointslicecache.go addEndpoints / endpointsMapFromEndpointInfo: one
			// endpoint per ip:port (a non-terminating one wins), sorted by "ip:port".
			const candidates: Endpoint[] = [];
			for (const e of portEndpoints(slices, port)) {
				if (e.port <= 0 || familyOfIP(e.ip) !== fam) continue;
				const key = joinHostPort(e.ip, e.port);
				candidates.push({ pod: e.pod, node: e.node, ip: e.ip, port: e.port, ready: e.ready, serving: e.serving, terminating: e.terminating, key, local: e.node === nodeName, chain: '' });
			}
			// A stable sort keeps slice order among duplicates: the first one stands unless a later,
			// non-terminating one replaces it, as kube-proxy's map writes do (without a Map per port).
			candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
			const endpoints: Endpoint[] = [];
			for (const e of candidates) {
				const last = endpoints[endpoints.length - 1];
				if (last?.key !== e.key) endpoints.push(e);
				else if (!e.terminating) endpoints[endpoints.length - 1] = e;
			}
			for (const e of endpoints) e.chain = servicePortEndpointChainName(name, protocol, e.key);
			out.push({
				svc,
				port,
				name,
				protocol,
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
				hash,
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
function categorize(info: ServicePortInfo) {
	const externallyAccessible = info.nodePort !== 0 || info.loadBalancerVIPs.length > 0 || info.externalIPs.length > 0;
	const externalPolicyLocal = externallyAccessible && info.externalPolicyLocal;
	const usesClusterEndpoints = !info.internalPolicyLocal || (externallyAccessible && !externalPolicyLocal);
	const usesLocalEndpoints = info.internalPolicyLocal || externalPolicyLocal;
	const eps = info.endpoints;
	// Ready endpoints, else (when none is ready) the serving, terminating ones.
	const pick = (list: Endpoint[]) => {
		const ready = list.filter((e) => e.ready);
		return ready.length > 0 ? ready : list.filter((e) => e.serving && e.terminating);
	};
	let clusterEndpoints: Endpoint[] = [];
	let localEndpoints: Endpoint[] = [];
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

interface LocalDetector {
	ifLocal: string[];
	ifNotLocal: string[];
}

function localDetector(proxy: ProxySettings, node: NodeModel | undefined, fam: 4 | 6): LocalDetector | undefined {
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
			return c ? { ifLocal: ['-s', c], ifNotLocal: ['!', '-s', c] } : undefined;
		}
		case 'NodeCIDR': {
			const c = cidrOf(node?.podCIDRs ?? []);
			return c ? { ifLocal: ['-s', c], ifNotLocal: ['!', '-s', c] } : undefined;
		}
		case 'BridgeInterface':
			return proxy.bridgeInterface ? { ifLocal: ['-i', proxy.bridgeInterface], ifNotLocal: ['!', '-i', proxy.bridgeInterface] } : undefined;
		case 'InterfaceNamePrefix':
			return proxy.interfaceNamePrefix
				? { ifLocal: ['-i', `${proxy.interfaceNamePrefix}+`], ifNotLocal: ['!', '-i', `${proxy.interfaceNamePrefix}+`] }
				: undefined;
	}
	return undefined;
}

/** pkg/proxy/util/nodeport_addresses.go NewNodePortAddresses, with "primary" resolved to the node's IPs. */
function nodePortAddresses(proxy: ProxySettings, node: NodeModel | undefined, fam: 4 | 6) {
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

class LineBuffer {
	readonly chains: string[] = [];
	readonly rules: Rule[] = [];
	chain(name: string) {
		this.chains.push(name);
	}
	rule(chain: string, args: string[], source?: RuleSource) {
		this.rules.push(source ? { chain, args, source } : { chain, args });
	}
}

const quote = (s: string) => `"${s}"`;

/**
 * The rules kube-proxy (iptables mode) writes on `node` for one IP family: syncProxyRules of a
 * first full sync. `family` defaults to the cluster's primary service IP family.
 */
export function iptables(cluster: Cluster, node: string, proxy: ProxySettings, family?: IPFamily): Ruleset {
	const diagnostics: Diagnostic[] = [];
	const ipFamily: IPFamily = family ?? (parseCIDR(cluster.settings.serviceCIDRs[0] ?? '')?.family === 6 ? 'IPv6' : 'IPv4');
	const fam = familyNumber(ipFamily);
	const isIPv6 = fam === 6;
	const nodeModel = cluster.nodes.find((n) => n.name === node);
	if (!nodeModel) diagnostics.push({ severity: 'warning', message: `Node ${node} is not in the cluster: no endpoint is local to it.` });
	const nodeIP = nodeModel?.internalIPs.find((ip) => familyOfIP(ip) === fam);
	const detector = localDetector(proxy, nodeModel, fam);
	const npa = nodePortAddresses(proxy, nodeModel, fam);
	// NewProxier: localhost node ports need a loopback-containing nodePortAddresses, and never on IPv6.
	const localhostNodePorts = proxy.localhostNodePorts && npa.containsIPv4Loopback && !isIPv6;
	const bit = Number.isInteger(proxy.masqueradeBit) && proxy.masqueradeBit >= 0 && proxy.masqueradeBit <= 31 ? proxy.masqueradeBit : 14;
	const mark = proxy.masqueradeMark ?? formatMark(2 ** bit);
	const markMask = `${mark}/${mark}`;

	const filter = new LineBuffer();
	const nat = new LineBuffer();
	for (const c of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL]) filter.chain(c);
	for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) nat.chain(c);

	nat.rule(KUBE_POSTROUTING, ['-m', 'mark', '!', '--mark', markMask, '-j', 'RETURN']);
	nat.rule(KUBE_POSTROUTING, ['-j', 'MARK', '--xor-mark', mark]);
	nat.rule(KUBE_POSTROUTING, ['-m', 'comment', '--comment', quote('kubernetes service traffic requiring SNAT'), '-j', 'MASQUERADE', ...(proxy.randomFully ? ['--random-fully'] : [])]);
	nat.rule(KUBE_MARK_MASQ, ['-j', 'MARK', '--or-mark', mark]);

	if (!isIPv6 && localhostNodePorts) {
		// The route_localnet hole (https://issue.k8s.io/90259) mitigation.
		filter.chain(KUBE_FIREWALL);
		filter.rule(KUBE_FIREWALL, [
			'-m', 'comment', '--comment', quote('block incoming localnet connections'),
			'-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP',
		]);
	}

	const infos = servicePorts(cluster, node, ipFamily);
	const totalEndpoints = infos.reduce((n, i) => n + i.endpoints.length, 0);
	const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
	if (largeClusterMode) {
		diagnostics.push({ severity: 'info', message: `${totalEndpoints} endpoints (more than ${LARGE_CLUSTER_ENDPOINTS_THRESHOLD}): kube-proxy's large cluster mode leaves out the per-endpoint comments.` });
	}
	const serviceComment = (args: string[], comment: string) => (largeClusterMode ? args : [...args, '-m', 'comment', '--comment', comment]);
	const probabilities: string[] = [];
	const probability = (n: number) => (probabilities[n] ??= computeProbability(n));

	for (const info of infos) {
		const { svc, port, name, protocol } = info;
		const svcRef = `${svc.namespace}/${svc.name}`;
		const portPath = `spec.ports[${port.index}]`;
		// One object shape for every rule's source (absent parts undefined, which JSON leaves out):
		// a large cluster has several hundred thousand of them.
		const src = (field?: string, endpoint?: Endpoint): RuleSource => ({ service: svcRef, port: port.name, endpoint: endpoint?.key, pod: endpoint?.pod, field });
		const c = categorize(info);
		const clusterPolicyChain = `KUBE-SVC-${info.hash}`;
		const localPolicyChain = `KUBE-SVL-${info.hash}`;
		const externalTrafficChain = `KUBE-EXT-${info.hash}`;
		const fwChain = `KUBE-FW-${info.hash}`;
		const usesClusterPolicyChain = c.clusterEndpoints.length > 0 && c.usesClusterEndpoints;
		const usesLocalPolicyChain = c.localEndpoints.length > 0 && c.usesLocalEndpoints;
		const hasEndpoints = c.hasAnyEndpoints;
		let internalTrafficChain = clusterPolicyChain;
		let hasInternalEndpoints = hasEndpoints;
		if (info.internalPolicyLocal) {
			internalTrafficChain = localPolicyChain;
			if (c.localEndpoints.length === 0) hasInternalEndpoints = false;
		}
		let externalPolicyChain = clusterPolicyChain;
		let hasExternalEndpoints = hasEndpoints;
		if (c.externalPolicyLocal) {
			externalPolicyChain = localPolicyChain;
			if (c.localEndpoints.length === 0) hasExternalEndpoints = false;
		}
		const usesExternalTrafficChain = hasEndpoints && c.externallyAccessible;
		const usesFWChain = hasEndpoints && info.loadBalancerVIPs.length > 0 && info.sourceRanges.length > 0;
		const loadBalancerTrafficChain = usesFWChain ? fwChain : externalTrafficChain;

		let internalFilterTarget = '';
		let internalFilterComment = '';
		let externalFilterTarget = '';
		let externalFilterComment = '';
		if (!hasEndpoints) {
			internalFilterTarget = 'REJECT';
			internalFilterComment = quote(`${name} has no endpoints`);
			externalFilterTarget = 'REJECT';
			externalFilterComment = internalFilterComment;
		} else {
			if (!hasInternalEndpoints) {
				internalFilterTarget = 'DROP';
				internalFilterComment = quote(`${name} has no local endpoints`);
			}
			if (!hasExternalEndpoints) {
				externalFilterTarget = 'DROP';
				externalFilterComment = quote(`${name} has no local endpoints`);
			}
		}
		const proto = ['-m', protocol, '-p', protocol];
		const dport = String(port.port);

		// Capture the cluster IP.
		if (hasInternalEndpoints) {
			nat.rule(KUBE_SERVICES, ['-m', 'comment', '--comment', quote(`${name} cluster IP`), ...proto, '-d', info.clusterIP, '--dport', dport, '-j', internalTrafficChain], src('spec.clusterIP'));
		} else {
			filter.rule(
				KUBE_SERVICES,
				['-m', 'comment', '--comment', internalFilterComment, ...proto, '-d', info.clusterIP, '--dport', dport, '-j', internalFilterTarget],
				src(hasEndpoints ? 'spec.internalTrafficPolicy' : 'spec.clusterIP'),
			);
		}
		// Capture external IPs.
		for (const { ip, index } of info.externalIPs) {
			if (hasEndpoints) {
				nat.rule(KUBE_SERVICES, ['-m', 'comment', '--comment', quote(`${name} external IP`), ...proto, '-d', ip, '--dport', dport, '-j', externalTrafficChain], src(`spec.externalIPs[${index}]`));
			}
			if (!hasExternalEndpoints) {
				filter.rule(KUBE_EXTERNAL_SERVICES, ['-m', 'comment', '--comment', externalFilterComment, ...proto, '-d', ip, '--dport', dport, '-j', externalFilterTarget], src(`spec.externalIPs[${index}]`));
			}
		}
		// Capture load-balancer ingress.
		for (const { ip, index } of info.loadBalancerVIPs) {
			const field = `status.loadBalancer.ingress[${index}].ip`;
			if (hasEndpoints) {
				nat.rule(KUBE_SERVICES, ['-m', 'comment', '--comment', quote(`${name} loadbalancer IP`), ...proto, '-d', ip, '--dport', dport, '-j', loadBalancerTrafficChain], src(field));
			}
			if (usesFWChain) {
				filter.rule(
					KUBE_PROXY_FIREWALL,
					['-m', 'comment', '--comment', quote(`${name} traffic not accepted by ${fwChain}`), ...proto, '-d', ip, '--dport', dport, '-j', 'DROP'],
					src('spec.loadBalancerSourceRanges'),
				);
			}
		}
		if (!hasExternalEndpoints) {
			for (const { ip, index } of info.loadBalancerVIPs) {
				filter.rule(
					KUBE_EXTERNAL_SERVICES,
					['-m', 'comment', '--comment', externalFilterComment, ...proto, '-d', ip, '--dport', dport, '-j', externalFilterTarget],
					src(`status.loadBalancer.ingress[${index}].ip`),
				);
			}
		}
		// Capture node ports.
		if (info.nodePort !== 0) {
			const nodePort = String(info.nodePort);
			if (hasEndpoints) {
				if (localhostNodePorts && proxy.nfacct) {
					nat.rule(
						KUBE_NODEPORTS,
						['-m', 'comment', '--comment', name, ...proto, '-d', '127.0.0.0/8', '--dport', nodePort, '-m', 'nfacct', '--nfacct-name', NFACCT_LOCALHOST_NODEPORT, '-j', externalTrafficChain],
						src(`${portPath}.nodePort`),
					);
				}
				nat.rule(KUBE_NODEPORTS, ['-m', 'comment', '--comment', name, ...proto, '--dport', nodePort, '-j', externalTrafficChain], src(`${portPath}.nodePort`));
			}
			if (!hasExternalEndpoints) {
				filter.rule(
					KUBE_EXTERNAL_SERVICES,
					['-m', 'comment', '--comment', externalFilterComment, '-m', 'addrtype', '--dst-type', 'LOCAL', ...proto, '--dport', nodePort, '-j', externalFilterTarget],
					src(`${portPath}.nodePort`),
				);
			}
		}
		// Accept health check node port connections, whether or not this node has endpoints.
		if (info.healthCheckNodePort !== 0) {
			filter.rule(
				KUBE_NODEPORTS,
				['-m', 'comment', '--comment', quote(`${name} health check node port`), '-m', 'tcp', '-p', 'tcp', '--dport', String(info.healthCheckNodePort), '-j', 'ACCEPT'],
				src('spec.healthCheckNodePort'),
			);
		}

		// Internal traffic: masquerade what does not come from a Pod (or everything with masqueradeAll).
		if (hasInternalEndpoints) {
			const args = ['-m', 'comment', '--comment', quote(`${name} cluster IP`), ...proto, '-d', info.clusterIP, '--dport', dport];
			if (proxy.masqueradeAll) nat.rule(internalTrafficChain, [...args, '-j', KUBE_MARK_MASQ], src('spec.clusterIP'));
			else if (detector) nat.rule(internalTrafficChain, [...args, ...detector.ifNotLocal, '-j', KUBE_MARK_MASQ], src('spec.clusterIP'));
		}

		// External traffic: everything for node ports, external IPs and load balancers goes through KUBE-EXT.
		if (usesExternalTrafficChain) {
			nat.chain(externalTrafficChain);
			if (!c.externalPolicyLocal) {
				nat.rule(externalTrafficChain, ['-m', 'comment', '--comment', quote(`masquerade traffic for ${name} external destinations`), '-j', KUBE_MARK_MASQ], src('spec.externalTrafficPolicy'));
			} else {
				if (detector) {
					nat.rule(
						externalTrafficChain,
						['-m', 'comment', '--comment', quote(`pod traffic for ${name} external destinations`), ...detector.ifLocal, '-j', clusterPolicyChain],
						src('spec.externalTrafficPolicy'),
					);
				}
				nat.rule(
					externalTrafficChain,
					['-m', 'comment', '--comment', quote(`masquerade LOCAL traffic for ${name} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', KUBE_MARK_MASQ],
					src('spec.externalTrafficPolicy'),
				);
				nat.rule(
					externalTrafficChain,
					['-m', 'comment', '--comment', quote(`route LOCAL traffic for ${name} external destinations`), '-m', 'addrtype', '--src-type', 'LOCAL', '-j', clusterPolicyChain],
					src('spec.externalTrafficPolicy'),
				);
			}
			if (hasExternalEndpoints) nat.rule(externalTrafficChain, ['-j', externalPolicyChain], src('spec.externalTrafficPolicy'));
		}

		// The load balancer source ranges firewall.
		if (usesFWChain) {
			nat.chain(fwChain);
			const head = ['-m', 'comment', '--comment', quote(`${name} loadbalancer IP`)];
			let allowFromNode = false;
			const nodeAddr = nodeIP ? parseIP(nodeIP) : undefined;
			for (const { cidr, index } of info.sourceRanges) {
				nat.rule(fwChain, [...head, '-s', cidr, '-j', externalTrafficChain], src(`spec.loadBalancerSourceRanges[${index}]`));
				if (nodeAddr && cidrContains(parseCIDR(cidr)!, nodeAddr)) allowFromNode = true;
			}
			if (allowFromNode) {
				for (const { ip, index } of info.loadBalancerVIPs) nat.rule(fwChain, [...head, '-s', ip, '-j', externalTrafficChain], src(`status.loadBalancer.ingress[${index}].ip`));
			}
			nat.rule(fwChain, ['-m', 'comment', '--comment', quote(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)], src('spec.loadBalancerSourceRanges'));
		}

		const writeServiceToEndpointRules = (chain: string, endpoints: Endpoint[], field: string) => {
			if (info.clientIPAffinity) {
				for (const ep of endpoints) {
					nat.rule(
						chain,
						[
							...serviceComment([], quote(`${name} -> ${ep.key}`)),
							'-m', 'recent', '--name', ep.chain, '--rcheck', '--seconds', String(info.stickySeconds), '--reap', '-j', ep.chain,
						],
						src('spec.sessionAffinity', ep),
					);
				}
			}
			const n = endpoints.length;
			endpoints.forEach((ep, i) => {
				const args = largeClusterMode ? [] : ['-m', 'comment', '--comment', quote(`${name} -> ${ep.key}`)];
				if (i < n - 1) args.push('-m', 'statistic', '--mode', 'random', '--probability', probability(n - i));
				args.push('-j', ep.chain);
				nat.rule(chain, args, src(field, ep));
			});
		};
		if (usesClusterPolicyChain) {
			nat.chain(clusterPolicyChain);
			writeServiceToEndpointRules(clusterPolicyChain, c.clusterEndpoints, 'spec.selector');
		}
		if (usesLocalPolicyChain) {
			nat.chain(localPolicyChain);
			writeServiceToEndpointRules(localPolicyChain, c.localEndpoints, info.internalPolicyLocal ? 'spec.internalTrafficPolicy' : 'spec.externalTrafficPolicy');
		}
		// One chain per endpoint reachable from this node.
		const targetPortField = `${portPath}.targetPort`;
		for (const ep of c.allReachable) {
			nat.chain(ep.chain);
			const source = src(targetPortField, ep);
			const masq = largeClusterMode ? ['-s', ep.ip, '-j', KUBE_MARK_MASQ] : ['-m', 'comment', '--comment', name, '-s', ep.ip, '-j', KUBE_MARK_MASQ];
			nat.rule(ep.chain, masq, source);
			const args = largeClusterMode ? [] : ['-m', 'comment', '--comment', name];
			if (info.clientIPAffinity) args.push('-m', 'recent', '--name', ep.chain, '--set');
			args.push('-m', protocol, '-p', protocol, '-j', 'DNAT', '--to-destination', ep.key);
			nat.rule(ep.chain, args, source);
		}
	}

	// Finally the tail call to KUBE-NODEPORTS, after every other KUBE-SERVICES rule.
	const nodePortsComment = quote('kubernetes service nodeports; NOTE: this must be the last rule in this chain');
	if (npa.matchAll) {
		const destinations = ['-m', 'addrtype', '--dst-type', 'LOCAL'];
		if (isIPv6) destinations.push('!', '-d', '::1/128');
		else if (!localhostNodePorts) destinations.push('!', '-d', '127.0.0.0/8');
		nat.rule(KUBE_SERVICES, ['-m', 'comment', '--comment', nodePortsComment, ...destinations, '-j', KUBE_NODEPORTS]);
	} else {
		// NodePortAddresses.GetNodeIPs: the node's addresses inside the CIDRs. The model knows the
		// node's InternalIPs; loopback is on every node.
		const local = [...(nodeModel?.internalIPs ?? []), fam === 4 ? '127.0.0.1' : '::1'].filter((ip) => familyOfIP(ip) === fam);
		const seen = new Set<string>();
		for (const cidr of npa.cidrs) {
			for (const ip of local) {
				const parsed = parseIP(ip)!;
				if (!cidrContains(cidr, parsed) || seen.has(ip)) continue;
				seen.add(ip);
				const loopback = fam === 4 ? ip.startsWith('127.') : ip === '::1';
				if (loopback && (isIPv6 || !localhostNodePorts)) {
					diagnostics.push({
						severity: 'warning',
						message: isIPv6
							? '--nodeport-addresses includes localhost but localhost NodePorts are not supported on IPv6'
							: '--nodeport-addresses includes localhost but --iptables-localhost-nodeports=false was passed',
					});
					continue;
				}
				nat.rule(KUBE_SERVICES, ['-m', 'comment', '--comment', nodePortsComment, '-d', ip, '-j', KUBE_NODEPORTS]);
			}
		}
	}

	// Drop INVALID packets unless the kernel is liberal about TCP windows (issue 74839, 117924).
	if (!proxy.conntrackTCPLiberal) {
		filter.rule(KUBE_FORWARD, ['-m', 'conntrack', '--ctstate', 'INVALID', ...(proxy.nfacct ? ['-m', 'nfacct', '--nfacct-name', NFACCT_INVALID_DROPPED] : []), '-j', 'DROP']);
	}
	filter.rule(KUBE_FORWARD, ['-m', 'comment', '--comment', quote('kubernetes forwarding rules'), '-m', 'mark', '--mark', markMask, '-j', 'ACCEPT']);
	filter.rule(KUBE_FORWARD, ['-m', 'comment', '--comment', quote('kubernetes forwarding conntrack rule'), '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']);

	return {
		family: ipFamily,
		node,
		tables: [
			{ name: 'filter', chains: filter.chains, rules: filter.rules },
			{ name: 'nat', chains: nat.chains, rules: nat.rules },
		],
		largeClusterMode,
		diagnostics,
	};
}

export interface SaveOptions {
	/**
	 * 'chain' (default): rules grouped by chain, as `iptables-save` lists them; 'restore': in the
	 * order kube-proxy writes them into iptables-restore.
	 */
	order?: 'chain' | 'restore';
}

const ruleLine = (r: Rule) => (r.args.length > 0 ? `-A ${r.chain} ${r.args.join(' ')}` : `-A ${r.chain}`);

/**
 * The table's rules grouped by chain, chains in declaration order (rules of a chain that was not
 * declared come last), keeping each chain's rule order: a counting sort over rule indexes, which
 * stays cheap for the hundreds of thousands of chains of a large cluster.
 */
function rulesByChain(table: RulesetTable): Rule[] {
	// A prototype-less object as the name → position table: with 100,000+ chain names V8 builds
	// and reads it faster than a Map.
	const position: Record<string, number> = Object.create(null);
	let count = 0;
	for (const c of table.chains) if (position[c] === undefined) position[c] = count++;
	const group = new Int32Array(table.rules.length);
	table.rules.forEach((r, i) => {
		let p = position[r.chain];
		if (p === undefined) position[r.chain] = p = count++;
		group[i] = p;
	});
	const start = new Int32Array(count + 1);
	for (const g of group) start[g + 1]++;
	for (let i = 1; i < start.length; i++) start[i] += start[i - 1];
	const sorted: Rule[] = new Array(table.rules.length);
	table.rules.forEach((r, i) => {
		sorted[start[group[i]]++] = r;
	});
	return sorted;
}

/** One line of iptables-save output, with the rule it prints (declarations and table lines have none). */
export interface SaveLine {
	text: string;
	rule?: Rule;
}

/** The iptables-save listing line by line, each rule line keeping its rule (and so its source): for widgets. */
export function iptablesSaveLines(ruleset: Ruleset, options: SaveOptions = {}): SaveLine[] {
	const lines: SaveLine[] = [];
	for (const table of ruleset.tables) {
		lines.push({ text: `*${table.name}` });
		for (const c of table.chains) lines.push({ text: `:${c} - [0:0]` });
		for (const r of options.order === 'restore' ? table.rules : rulesByChain(table)) lines.push({ text: ruleLine(r), rule: r });
		lines.push({ text: 'COMMIT' });
	}
	return lines;
}

/** The iptables-save text of kube-proxy's chains: `*filter`, `:CHAIN - [0:0]`, `-A …`, `COMMIT`, then `*nat`. */
export function iptablesSave(ruleset: Ruleset, options: SaveOptions = {}): string {
	const lines: string[] = [];
	for (const table of ruleset.tables) {
		lines.push(`*${table.name}`);
		for (const c of table.chains) lines.push(`:${c} - [0:0]`);
		for (const r of options.order === 'restore' ? table.rules : rulesByChain(table)) lines.push(ruleLine(r));
		lines.push('COMMIT');
	}
	return `${lines.join('\n')}\n`;
}
