/**
 * The nftables view: the `kube-proxy` table kube-proxy's nftables mode programs on one node,
 * following kubernetes/kubernetes pkg/proxy/nftables/proxier.go (setupNFTables, syncProxyRules
 * and writeServiceToEndpointRules, 1.34/1.35: the pre-DNAT filter chains and priority-0 filter
 * chains of PR 132456, the address-only ClusterIP masquerade match of PR 131492, and still the
 * mark-for-masquerade chain).
 *
 * A first full sync is shown: every object the transaction adds, nothing stale from an earlier
 * sync (stale chains are flushed and deleted only later). The node's addresses for
 * nodePortAddresses are its InternalIPs plus loopback (kube-proxy asks the kernel); the
 * service CIDRs of the "Drop traffic to unallocated ClusterIPs" rule are the cluster's service
 * CIDRs (kube-proxy watches ServiceCIDR objects). Endpoints are chosen as the iptables view
 * chooses them (proxy-common.ts: CategorizeEndpoints without topology hints).
 */
import { cidrContains, type IP, parseCIDR, parseIP } from './ip.ts';
import {
	categorize,
	trafficChains,
	familyNumber,
	isLoopback,
	type LocalTraffic,
	localTraffic,
	masqueradeMark,
	nodePortAddresses,
	nodePortIPs,
	primaryFamily,
	type ProxyEndpoint,
	type ProxyServicePort,
	type ProxySettings,
	type RuleSource,
	servicePorts,
} from './proxy-common.ts';
import { sha256Base32Prefix16 } from './sha256.ts';
import type { Cluster, Diagnostic, IPFamily } from './types.ts';

// ---------------------------------------------------------------- the ruleset as data

export type NftFamily = 'ip' | 'ip6';
export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

export interface NftRule {
	/** The rule as kube-proxy writes it (knftables Rule.Rule), without its comment. */
	rule: string;
	comment?: string;
	source?: RuleSource;
}

export interface NftChain {
	name: string;
	/** Base chains: attached to a netfilter hook; the priority is the number knftables sends. */
	base?: { type: 'filter' | 'nat'; hook: NftHook; priority: number };
	comment?: string;
	/** Rules in the order kube-proxy adds them. */
	rules: NftRule[];
	source?: RuleSource;
}

export interface NftElement {
	key: string[];
	/** Map elements: the verdict (`goto service-…`, `drop`). */
	value?: string[];
	comment?: string;
	source?: RuleSource;
}

export interface NftSet {
	kind: 'set' | 'map';
	name: string;
	/** `ipv4_addr`, `ipv4_addr . inet_proto . inet_service : verdict` … */
	type: string;
	flags?: string[];
	/** Default element timeout, in seconds. */
	timeout?: number;
	comment?: string;
	elements: NftElement[];
	source?: RuleSource;
}

export interface NftRuleset {
	family: IPFamily;
	/** The nftables family of the table: `ip` or `ip6`. */
	nftFamily: NftFamily;
	table: 'kube-proxy';
	comment: string;
	node: string;
	/** Sets and maps, in the order kube-proxy creates them. */
	sets: NftSet[];
	/** Chains, in the order kube-proxy creates them. */
	chains: NftChain[];
	diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------- names

const KUBE_PROXY_TABLE = 'kube-proxy';
const SERVICES = 'services';
const SERVICE_IPS = 'service-ips';
const SERVICE_NODEPORTS = 'service-nodeports';
const NODEPORT_IPS = 'nodeport-ips';
const CLUSTER_IPS = 'cluster-ips';
const SERVICE_ENDPOINTS_CHECK = 'service-endpoints-check';
const NODEPORT_ENDPOINTS_CHECK = 'nodeport-endpoints-check';
const NO_ENDPOINT_SERVICES = 'no-endpoint-services';
const NO_ENDPOINT_NODEPORTS = 'no-endpoint-nodeports';
const REJECT_CHAIN = 'reject-chain';
const CLUSTER_IPS_CHECK = 'cluster-ips-check';
const FIREWALL_IPS = 'firewall-ips';
const FIREWALL_CHECK = 'firewall-check';
const MARK_MASQ = 'mark-for-masquerade';
const MASQUERADING = 'masquerading';

/** knftables.NameLengthMax (256) less chainNamePrefixLengthMax (16). */
const CHAIN_NAME_BASE_LENGTH_MAX = 256 - 16;

/**
 * proxier.go hashAndTruncate: the first 8 base32 characters of SHA-256(name), "-", the name; cut
 * to 240 bytes with "..." (names here are ASCII: bytes and characters agree).
 */
export function hashAndTruncate(name: string): string {
	const hashed = `${sha256Base32Prefix16(name).slice(0, 8)}-${name}`;
	return hashed.length > CHAIN_NAME_BASE_LENGTH_MAX ? `${hashed.slice(0, CHAIN_NAME_BASE_LENGTH_MAX - 3)}...` : hashed;
}

/** proxier.go servicePortChainNameBase: "HASH-namespace/name/protocol/portName". */
export const servicePortChainNameBase = (namespace: string, name: string, protocol: string, port: string) => hashAndTruncate(`${namespace}/${name}/${protocol}/${port}`);

/**
 * proxier.go servicePortEndpointChainNameBase: "HASH-namespace/name/protocol/portName__ip/port",
 * an IPv6 address's colons turned into dots (a chain name cannot hold ':').
 */
export function servicePortEndpointChainNameBase(namespace: string, name: string, protocol: string, port: string, endpoint: string): string {
	const colon = endpoint.lastIndexOf(':');
	const ip = endpoint.slice(0, colon).replace(/^\[|\]$/g, '').replaceAll(':', '.');
	return hashAndTruncate(`${namespace}/${name}/${protocol}/${port}__${ip}/${endpoint.slice(colon + 1)}`);
}

const ENDPOINT_PREFIX = 'endpoint-';
const AFFINITY_PREFIX = 'affinity-';

// ---------------------------------------------------------------- building the table

/** The objects of one transaction, deduplicated as kube-proxy's ensureChain and nftElementStorage do. */
class TableBuilder {
	readonly chains: NftChain[] = [];
	readonly sets: NftSet[] = [];
	private readonly chainByName = new Map<string, NftChain>();
	private readonly setByName = new Map<string, NftSet>();
	/** Per set: element key ("a . b") → index in its elements. */
	private readonly elementIndex = new Map<string, Map<string, number>>();

	/** ensureChain: add the chain once; later calls change nothing. */
	chain(name: string, options: Omit<NftChain, 'name' | 'rules'> = {}): NftChain {
		let chain = this.chainByName.get(name);
		if (!chain) {
			chain = { name, ...options, rules: [] };
			this.chainByName.set(name, chain);
			this.chains.push(chain);
		}
		return chain;
	}

	rule(chain: string, rule: string, comment?: string, source?: RuleSource) {
		// One object shape for every rule (absent parts undefined, which JSON leaves out).
		this.chain(chain).rules.push({ rule, comment, source });
	}

	set(set: Omit<NftSet, 'elements'>) {
		if (this.setByName.has(set.name)) return;
		const added: NftSet = { ...set, elements: [] };
		this.setByName.set(set.name, added);
		this.elementIndex.set(set.name, new Map());
		this.sets.push(added);
	}

	/**
	 * nftElementStorage.ensureElem: an element whose key is already there is replaced only when
	 * its value differs (the last value wins); the same value leaves the first one in place.
	 */
	element(set: string, element: NftElement) {
		const elements = this.setByName.get(set)!.elements;
		const index = this.elementIndex.get(set)!;
		const key = element.key.join(' . ');
		const at = index.get(key);
		if (at === undefined) {
			index.set(key, elements.length);
			elements.push(element);
		} else if ((elements[at].value ?? []).join(' . ') !== (element.value ?? []).join(' . ')) {
			elements[at] = element;
		}
	}
}

/** nftablesBaseChains: each base chain with its hook and priority (knftables DNATPriority -100, SNATPriority 100, FilterPriority 0). */
const BASE_CHAINS: { name: string; type: 'filter' | 'nat'; hook: NftHook; priority: number }[] = [
	// Filtering on the destination before DNAT (LoadBalancerSourceRanges) runs just before it.
	{ name: 'filter-prerouting-pre-dnat', type: 'filter', hook: 'prerouting', priority: -110 },
	{ name: 'filter-output-pre-dnat', type: 'filter', hook: 'output', priority: -110 },
	// After DNAT, so traffic short-circuited to endpoints is not caught by the no-endpoint checks.
	{ name: 'filter-forward', type: 'filter', hook: 'forward', priority: 0 },
	{ name: 'filter-input', type: 'filter', hook: 'input', priority: 0 },
	{ name: 'filter-output', type: 'filter', hook: 'output', priority: 0 },
	{ name: 'nat-prerouting', type: 'nat', hook: 'prerouting', priority: -100 },
	{ name: 'nat-output', type: 'nat', hook: 'output', priority: -100 },
	{ name: 'nat-postrouting', type: 'nat', hook: 'postrouting', priority: 100 },
];

/** nftablesJumpChains: [regular chain, base chain jumping to it, match before the jump]. */
const JUMP_CHAINS: [string, string, string][] = [
	[NODEPORT_ENDPOINTS_CHECK, 'filter-input', 'ct state new'],
	[SERVICE_ENDPOINTS_CHECK, 'filter-input', 'ct state new'],
	[SERVICE_ENDPOINTS_CHECK, 'filter-forward', 'ct state new'],
	[SERVICE_ENDPOINTS_CHECK, 'filter-output', 'ct state new'],
	[FIREWALL_CHECK, 'filter-prerouting-pre-dnat', 'ct state new'],
	[FIREWALL_CHECK, 'filter-output-pre-dnat', 'ct state new'],
	[SERVICES, 'nat-output', ''],
	[SERVICES, 'nat-prerouting', ''],
	[MASQUERADING, 'nat-postrouting', ''],
	[CLUSTER_IPS_CHECK, 'filter-forward', 'ct state new'],
	[CLUSTER_IPS_CHECK, 'filter-output', 'ct state new'],
];

/** knftables.Concat: the words joined by spaces, empty ones left out. */
const concat = (...words: string[]) => words.filter((w) => w !== '').join(' ');

/** The detector's matches in nft syntax (LocalTrafficDetector IfLocalNFT / IfNotLocalNFT). */
function nftDetector(local: LocalTraffic | undefined, ipX: NftFamily): { ifLocal: string; ifNotLocal: string } | undefined {
	if (!local) return undefined;
	if ('cidr' in local) return { ifLocal: `${ipX} saddr ${local.cidr}`, ifNotLocal: `${ipX} saddr != ${local.cidr}` };
	const name = 'interface' in local ? local.interface : `${local.interfacePrefix}*`;
	return { ifLocal: `iifname ${name}`, ifNotLocal: `iifname != ${name}` };
}

interface Setup {
	t: TableBuilder;
	ipX: NftFamily;
	addrType: string;
	mark: string;
	serviceCIDRs: string;
	matchAll: boolean;
	nodeIPs: string[];
	diagnostics: Diagnostic[];
}

/** setupNFTables: the table's fixed chains, sets, maps and rules. */
function setupTable({ t, ipX, addrType, mark, serviceCIDRs, matchAll, nodeIPs, diagnostics }: Setup) {
	const noLocalhost = ipX === 'ip6' ? 'ip6 daddr != ::1' : 'ip daddr != 127.0.0.0/8';
	for (const bc of BASE_CHAINS) t.chain(bc.name, { base: { type: bc.type, hook: bc.hook, priority: bc.priority } });
	for (const [chain, from, match] of JUMP_CHAINS) {
		t.chain(chain);
		t.rule(from, concat(match, 'jump', chain));
	}
	for (const chain of [SERVICES, CLUSTER_IPS_CHECK, MASQUERADING, MARK_MASQ]) t.chain(chain);

	t.rule(MARK_MASQ, `mark set mark or ${mark}`);
	t.rule(MASQUERADING, `mark and ${mark} == 0 return`);
	t.rule(MASQUERADING, `mark set mark xor ${mark}`);
	t.rule(MASQUERADING, 'masquerade fully-random');

	t.set({ kind: 'set', name: CLUSTER_IPS, type: addrType, comment: 'Active ClusterIPs' });
	t.rule(CLUSTER_IPS_CHECK, `${ipX} daddr @${CLUSTER_IPS} reject`, 'Reject traffic to invalid ports of ClusterIPs');
	if (serviceCIDRs) t.rule(CLUSTER_IPS_CHECK, `${ipX} daddr { ${serviceCIDRs} } drop`, 'Drop traffic to unallocated ClusterIPs');

	// With every address accepting node ports kube-proxy deletes nodeport-ips (it "adds then deletes").
	if (!matchAll) {
		t.set({ kind: 'set', name: NODEPORT_IPS, type: addrType, comment: 'IPs that accept NodePort traffic' });
		for (const ip of nodeIPs) {
			if (isLoopback(ip)) {
				diagnostics.push({ severity: 'warning', message: `--nodeport-addresses includes localhost (${ip}) but localhost NodePorts are not supported in nftables mode` });
				continue;
			}
			t.element(NODEPORT_IPS, { key: [ip], source: { field: 'nodePortAddresses' } });
		}
	}

	const serviceKey = `${addrType} . inet_proto . inet_service : verdict`;
	t.set({ kind: 'map', name: NO_ENDPOINT_SERVICES, type: serviceKey, comment: 'vmap to drop or reject packets to services with no endpoints' });
	t.set({ kind: 'map', name: NO_ENDPOINT_NODEPORTS, type: 'inet_proto . inet_service : verdict', comment: 'vmap to drop or reject packets to service nodeports with no endpoints' });
	t.chain(REJECT_CHAIN, { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });
	t.rule(REJECT_CHAIN, 'reject');
	t.rule(SERVICE_ENDPOINTS_CHECK, `${ipX} daddr . meta l4proto . th dport vmap @${NO_ENDPOINT_SERVICES}`);
	const nodePortDestinations = matchAll ? noLocalhost : `${ipX} daddr @${NODEPORT_IPS}`;
	t.rule(NODEPORT_ENDPOINTS_CHECK, `${nodePortDestinations} meta l4proto . th dport vmap @${NO_ENDPOINT_NODEPORTS}`);

	t.set({ kind: 'map', name: FIREWALL_IPS, type: serviceKey, comment: 'destinations that are subject to LoadBalancerSourceRanges' });
	t.rule(FIREWALL_CHECK, `${ipX} daddr . meta l4proto . th dport vmap @${FIREWALL_IPS}`);

	t.set({ kind: 'map', name: SERVICE_IPS, type: serviceKey, comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic' });
	t.set({ kind: 'map', name: SERVICE_NODEPORTS, type: 'inet_proto . inet_service : verdict', comment: 'NodePort traffic' });
	t.rule(SERVICES, `${ipX} daddr . meta l4proto . th dport vmap @${SERVICE_IPS}`);
	t.rule(SERVICES, `${matchAll ? `fib daddr type local ${noLocalhost}` : `${ipX} daddr @${NODEPORT_IPS}`} meta l4proto . th dport vmap @${SERVICE_NODEPORTS}`);
}

/** What syncProxyRules knows about the node while it writes each Service port. */
interface SyncContext {
	ipX: NftFamily;
	addrType: string;
	masqueradeAll: boolean;
	detector: { ifLocal: string; ifNotLocal: string } | undefined;
	/** The node's IP of the proxier's family (NewProxier nodeIP). */
	nodeAddr: IP | undefined;
}

/** The loop body of syncProxyRules for one Service port: its elements, chains and rules. */
function writeServicePort(t: TableBuilder, info: ProxyServicePort, { ipX, addrType, masqueradeAll, detector, nodeAddr }: SyncContext) {
	const { svc, port, name, protocol } = info;
	const svcRef = `${svc.namespace}/${svc.name}`;
	const portPath = `spec.ports[${port.index}]`;
	// One object shape for every source (absent parts undefined, which JSON leaves out).
	const src = (field?: string, endpoint?: ProxyEndpoint): RuleSource => ({ service: svcRef, port: port.name, endpoint: endpoint?.key, pod: endpoint?.pod, field });
	const c = categorize(info);
	const base = servicePortChainNameBase(svc.namespace, svc.name, protocol, port.name);
	const clusterPolicyChain = `service-${base}`;
	const localPolicyChain = `local-${base}`;
	const externalTrafficChain = `external-${base}`;
	const fwChain = `firewall-${base}`;
	const dport = String(port.port);
	const affinitySet = (ep: ProxyEndpoint) => AFFINITY_PREFIX + ep.chain.slice(ENDPOINT_PREFIX.length);

	// syncProxyRules creates the chains first: endpoints, policy chains, external, firewall.
	const endpointField = `${portPath}.targetPort`;
	for (const ep of c.allReachable) t.chain(ep.chain, { source: src(endpointField, ep) });
	const {
		hasEndpoints,
		usesClusterPolicyChain,
		usesLocalPolicyChain,
		internalTrafficChain,
		hasInternalEndpoints,
		externalPolicyChain,
		hasExternalEndpoints,
		usesExternalTrafficChain,
	} = trafficChains(info, c, clusterPolicyChain, localPolicyChain);
	if (usesClusterPolicyChain) t.chain(clusterPolicyChain, { source: src('spec.selector') });
	if (usesLocalPolicyChain) t.chain(localPolicyChain, { source: src(info.internalPolicyLocal ? 'spec.internalTrafficPolicy' : 'spec.externalTrafficPolicy') });
	if (usesExternalTrafficChain) t.chain(externalTrafficChain, { source: src('spec.externalTrafficPolicy') });

	// No endpoints anywhere: reject; none for a Local policy: drop (what was not short-circuited).
	const noEndpointsVerdict = hasEndpoints ? 'drop' : `goto ${REJECT_CHAIN}`;

	// Capture the cluster IP.
	t.element(CLUSTER_IPS, { key: [info.clusterIP], source: src('spec.clusterIP') });
	const clusterKey = [info.clusterIP, protocol, dport];
	if (hasInternalEndpoints) {
		t.element(SERVICE_IPS, { key: clusterKey, value: [`goto ${internalTrafficChain}`], source: src('spec.clusterIP') });
	} else {
		t.element(NO_ENDPOINT_SERVICES, { key: clusterKey, value: [noEndpointsVerdict], comment: name, source: src(hasEndpoints ? 'spec.internalTrafficPolicy' : 'spec.clusterIP') });
	}
	// Capture external IPs.
	for (const { ip, index } of info.externalIPs) {
		const field = `spec.externalIPs[${index}]`;
		if (hasEndpoints) t.element(SERVICE_IPS, { key: [ip, protocol, dport], value: [`goto ${externalTrafficChain}`], source: src(field) });
		if (!hasExternalEndpoints) t.element(NO_ENDPOINT_SERVICES, { key: [ip, protocol, dport], value: [noEndpointsVerdict], comment: name, source: src(field) });
	}
	// Capture load-balancer ingress; LoadBalancerSourceRanges send it through the firewall chain first.
	const usesFWChain = info.loadBalancerVIPs.length > 0 && info.sourceRanges.length > 0;
	if (usesFWChain) t.chain(fwChain, { source: src('spec.loadBalancerSourceRanges') });
	for (const { ip, index } of info.loadBalancerVIPs) {
		const field = `status.loadBalancer.ingress[${index}].ip`;
		if (hasEndpoints) t.element(SERVICE_IPS, { key: [ip, protocol, dport], value: [`goto ${externalTrafficChain}`], source: src(field) });
		if (usesFWChain) t.element(FIREWALL_IPS, { key: [ip, protocol, dport], value: [`goto ${fwChain}`], source: src('spec.loadBalancerSourceRanges') });
	}
	if (!hasExternalEndpoints) {
		for (const { ip, index } of info.loadBalancerVIPs) {
			t.element(NO_ENDPOINT_SERVICES, { key: [ip, protocol, dport], value: [noEndpointsVerdict], comment: name, source: src(`status.loadBalancer.ingress[${index}].ip`) });
		}
	}
	// Capture node ports (not subject to loadBalancerSourceRanges).
	if (info.nodePort !== 0) {
		const key = [protocol, String(info.nodePort)];
		const field = `${portPath}.nodePort`;
		if (hasEndpoints) t.element(SERVICE_NODEPORTS, { key, value: [`goto ${externalTrafficChain}`], source: src(field) });
		if (!hasExternalEndpoints) t.element(NO_ENDPOINT_NODEPORTS, { key, value: [noEndpointsVerdict], comment: name, source: src(field) });
	}

	// Internal traffic: masquerade what does not come from a Pod (or everything with
	// masqueradeAll). Matching the cluster IP is enough: external traffic never has it as
	// its destination (PR 131492).
	if (hasInternalEndpoints) {
		if (masqueradeAll) t.rule(internalTrafficChain, concat(ipX, 'daddr', info.clusterIP, 'jump', MARK_MASQ), undefined, src('spec.clusterIP'));
		else if (detector) t.rule(internalTrafficChain, concat(ipX, 'daddr', info.clusterIP, detector.ifNotLocal, 'jump', MARK_MASQ), undefined, src('spec.clusterIP'));
	}

	// External traffic: node ports, external IPs and load balancers all go through external-….
	if (usesExternalTrafficChain) {
		const field = src('spec.externalTrafficPolicy');
		if (!c.externalPolicyLocal) {
			// Endpoints may be on other nodes: masquerade.
			t.rule(externalTrafficChain, `jump ${MARK_MASQ}`, undefined, field);
		} else {
			// Pods reaching an external address get every endpoint, as if they had gone out to
			// the load balancer and come back; the node itself too, masqueraded.
			if (detector) t.rule(externalTrafficChain, concat(detector.ifLocal, 'goto', clusterPolicyChain), 'short-circuit pod traffic', field);
			t.rule(externalTrafficChain, `fib saddr type local jump ${MARK_MASQ}`, 'masquerade local traffic', field);
			t.rule(externalTrafficChain, `fib saddr type local goto ${clusterPolicyChain}`, 'short-circuit local traffic', field);
		}
		if (hasExternalEndpoints) t.rule(externalTrafficChain, `goto ${externalPolicyChain}`, undefined, field);
	}

	// The load balancer source ranges firewall: drop sources outside the ranges. When the node
	// is inside them, the VIPs are allowed too (a node's connection to a VIP bound locally
	// comes from the VIP).
	if (usesFWChain) {
		const sources = info.sourceRanges.map((r) => r.cidr);
		if (nodeAddr && info.sourceRanges.some((r) => cidrContains(parseCIDR(r.cidr)!, nodeAddr))) sources.push(...info.loadBalancerVIPs.map((v) => v.ip));
		t.rule(fwChain, `${ipX} saddr != { ${sources.join(' , ')} } drop`, undefined, src('spec.loadBalancerSourceRanges'));
	}

	// One affinity set per endpoint: clients recently sent there, for stickyMaxAgeSeconds.
	if (info.clientIPAffinity) {
		for (const ep of c.allReachable) {
			t.set({ kind: 'set', name: affinitySet(ep), type: addrType, flags: ['dynamic', 'timeout'], timeout: info.stickySeconds, source: src('spec.sessionAffinity', ep) });
		}
	}

	// writeServiceToEndpointRules: affinity first, then a random pick among the endpoints.
	const writeServiceToEndpointRules = (chain: string, endpoints: ProxyEndpoint[], field: string) => {
		if (info.clientIPAffinity) {
			for (const ep of endpoints) t.rule(chain, `${ipX} saddr @${affinitySet(ep)} goto ${ep.chain}`, undefined, src('spec.sessionAffinity', ep));
		}
		const targets = endpoints.map((ep, i) => `${i} : goto ${ep.chain}`).join(' , ');
		t.rule(chain, `numgen random mod ${endpoints.length} vmap { ${targets} }`, undefined, src(field));
	};
	if (usesClusterPolicyChain) writeServiceToEndpointRules(clusterPolicyChain, c.clusterEndpoints, 'spec.selector');
	if (usesLocalPolicyChain) {
		writeServiceToEndpointRules(localPolicyChain, c.localEndpoints, info.internalPolicyLocal ? 'spec.internalTrafficPolicy' : 'spec.externalTrafficPolicy');
	}

	// One chain per endpoint reachable from this node: hairpin masquerade, affinity, DNAT.
	for (const ep of c.allReachable) {
		const source = src(endpointField, ep);
		t.rule(ep.chain, `${ipX} saddr ${ep.ip} jump ${MARK_MASQ}`, undefined, source);
		if (info.clientIPAffinity) t.rule(ep.chain, `update @${affinitySet(ep)} { ${ipX} saddr }`, undefined, src('spec.sessionAffinity', ep));
		t.rule(ep.chain, `meta l4proto ${protocol} dnat to ${ep.key}`, undefined, source);
	}
}

/**
 * The table kube-proxy (nftables mode) programs on `node` for one IP family: setupNFTables and
 * syncProxyRules of a first full sync. `family` defaults to the cluster's primary service IP family.
 */
export function nftables(cluster: Cluster, node: string, proxy: ProxySettings, family?: IPFamily): NftRuleset {
	const diagnostics: Diagnostic[] = [];
	const ipFamily = family ?? primaryFamily(cluster);
	const fam = familyNumber(ipFamily);
	const ipX: NftFamily = fam === 6 ? 'ip6' : 'ip';
	const addrType = fam === 6 ? 'ipv6_addr' : 'ipv4_addr';
	const nodeModel = cluster.nodes.find((n) => n.name === node);
	if (!nodeModel) diagnostics.push({ severity: 'warning', message: `Node ${node} is not in the cluster: no endpoint is local to it.` });
	const nodeAddr = nodeModel?.internalIPs.map((ip) => parseIP(ip)).find((ip) => ip?.family === fam);
	const detector = nftDetector(localTraffic(proxy, nodeModel, fam), ipX);
	const npa = nodePortAddresses(proxy, nodeModel, fam);
	const serviceCIDRs = cluster.settings.serviceCIDRs.filter((c) => parseCIDR(c)?.family === fam).join(',');

	const t = new TableBuilder();
	setupTable({ t, ipX, addrType, mark: masqueradeMark(proxy), serviceCIDRs, matchAll: npa.matchAll, nodeIPs: nodePortIPs(npa.cidrs, nodeModel, fam), diagnostics });

	const infos = servicePorts(cluster, node, ipFamily, (sp, key) => ENDPOINT_PREFIX + servicePortEndpointChainNameBase(sp.svc.namespace, sp.svc.name, sp.protocol, sp.port.name, key));
	const context: SyncContext = { ipX, addrType, masqueradeAll: proxy.masqueradeAll, detector, nodeAddr };
	for (const info of infos) writeServicePort(t, info, context);

	return { family: ipFamily, nftFamily: ipX, table: KUBE_PROXY_TABLE, comment: 'rules for kube-proxy', node, sets: t.sets, chains: t.chains, diagnostics };
}

// ---------------------------------------------------------------- text

/** Go's %q for the ASCII comments kube-proxy writes. */
const quoted = (s: string) => JSON.stringify(s);

const elementText = (e: NftElement) => `${e.key.join(' . ')}${e.comment !== undefined ? ` comment ${quoted(e.comment)}` : ''}${e.value ? ` : ${e.value.join(' . ')}` : ''}`;
const ruleText = (r: NftRule) => (r.comment !== undefined ? `${r.rule} comment ${quoted(r.comment)}` : r.rule);
const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * The ruleset as `nft -f` commands, in knftables Fake.Dump()'s layout (what kube-proxy's unit
 * tests compare): the table, then chains, sets and maps sorted by name, then each chain's
 * rules, each set's and each map's elements.
 */
export function nftAddCommands(ruleset: NftRuleset): string {
	const at = `${ruleset.nftFamily} ${ruleset.table}`;
	const lines = [`add table ${at} { comment ${quoted(ruleset.comment)} ; }`];
	const chains = byName(ruleset.chains);
	const sets = byName(ruleset.sets.filter((s) => s.kind === 'set'));
	const maps = byName(ruleset.sets.filter((s) => s.kind === 'map'));
	for (const c of chains) {
		const props = [c.base ? `type ${c.base.type} hook ${c.base.hook} priority ${c.base.priority} ;` : '', c.comment !== undefined ? `comment ${quoted(c.comment)} ;` : ''].filter(Boolean);
		lines.push(`add chain ${at} ${c.name}${props.length > 0 ? ` { ${props.join(' ')} }` : ''}`);
	}
	for (const s of [...sets, ...maps]) {
		const props = [
			`type ${s.type} ;`,
			s.flags ? `flags ${s.flags.join(',')} ;` : '',
			s.timeout !== undefined ? `timeout ${s.timeout}s ;` : '',
			s.comment !== undefined ? `comment ${quoted(s.comment)} ;` : '',
		].filter(Boolean);
		lines.push(`add ${s.kind} ${at} ${s.name} { ${props.join(' ')} }`);
	}
	for (const c of chains) for (const r of c.rules) lines.push(`add rule ${at} ${c.name} ${ruleText(r)}`);
	for (const s of [...sets, ...maps]) for (const e of s.elements) lines.push(`add element ${at} ${s.name} { ${elementText(e)} }`);
	return `${lines.join('\n')}\n`;
}

/** nft's standard priority names (nft(8), src/rule.c std_prios) and the hooks each is valid in. */
const STANDARD_PRIORITIES: { name: string; value: number; hooks?: NftHook[] }[] = [
	{ name: 'raw', value: -300 },
	{ name: 'mangle', value: -150 },
	{ name: 'dstnat', value: -100, hooks: ['prerouting', 'output'] },
	{ name: 'filter', value: 0 },
	{ name: 'security', value: 50 },
	{ name: 'srcnat', value: 100, hooks: ['input', 'postrouting'] },
];

/** src/rule.c prio2str: the first standard priority within 10 names it ("dstnat - 10"), if valid in the hook. */
export function priorityText(priority: number, hook: NftHook): string {
	for (const p of STANDARD_PRIORITIES) {
		const offset = priority - p.value;
		if (Math.abs(offset) > 10) continue;
		if (p.hooks && !p.hooks.includes(hook)) break;
		return offset === 0 ? p.name : `${p.name} ${offset > 0 ? '+' : '-'} ${Math.abs(offset)}`;
	}
	return String(priority);
}

/** src/datatype.c time_print: days, hours, minutes, seconds, each when not zero. */
function durationText(seconds: number): string {
	const parts: [number, string][] = [
		[Math.floor(seconds / 86400), 'd'],
		[Math.floor((seconds % 86400) / 3600), 'h'],
		[Math.floor((seconds % 3600) / 60), 'm'],
		[seconds % 60, 's'],
	];
	const text = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('');
	return text || '0s';
}

/**
 * The element list's lines as nft prints them (src/expression.c set_expr_print): elements of maps,
 * of concatenations and with comments one per line; plain IPv4 addresses two per line.
 */
function elementLines(set: NftSet): NftElement[][] {
	const perLine = set.kind === 'set' && set.type === 'ipv4_addr' && set.timeout === undefined && !set.elements.some((e) => e.comment !== undefined) ? 2 : 1;
	const lines: NftElement[][] = [];
	set.elements.forEach((e, i) => (i % perLine === 0 ? lines.push([e]) : lines[lines.length - 1].push(e)));
	return lines;
}

/** One line of `nft list table` output, with the object it prints (for widgets). */
export interface NftListLine {
	text: string;
	chain?: string;
	set?: string;
	rule?: NftRule;
	element?: NftElement;
}

/**
 * `nft list table ip kube-proxy` line by line: the table's comment, its sets and maps, then its
 * chains, in the order kube-proxy creates them, laid out as nft prints them (src/rule.c
 * table_print, set_print, chain_print). Rules and elements are shown as kube-proxy writes them,
 * elements in the order it adds them; the kernel hands some rules back in nft's longer spelling
 * (`mark set mark or 0x4000` lists as `meta mark set meta mark | 0x00004000`) and may list a
 * set's elements in another order.
 */
export function nftListLines(ruleset: NftRuleset): NftListLine[] {
	const lines: NftListLine[] = [{ text: `table ${ruleset.nftFamily} ${ruleset.table} {` }, { text: `\tcomment ${quoted(ruleset.comment)}` }];
	let first = true;
	const separate = () => {
		if (!first) lines.push({ text: '' });
		first = false;
	};
	for (const s of ruleset.sets) {
		separate();
		lines.push({ text: `\t${s.kind} ${s.name} {`, set: s.name }, { text: `\t\ttype ${s.type}`, set: s.name });
		// The timeout flag is not printed when the set has a default timeout.
		const flags = (s.flags ?? []).filter((f) => !(f === 'timeout' && s.timeout !== undefined));
		if (flags.length > 0) lines.push({ text: `\t\tflags ${flags.join(',')}`, set: s.name });
		if (s.timeout !== undefined) lines.push({ text: `\t\ttimeout ${durationText(s.timeout)}`, set: s.name });
		if (s.comment !== undefined) lines.push({ text: `\t\tcomment ${quoted(s.comment)}`, set: s.name });
		const groups = elementLines(s);
		groups.forEach((group, i) => {
			const text = `${i === 0 ? '\t\telements = { ' : '\t\t\t     '}${group.map(elementText).join(', ')}${i === groups.length - 1 ? ' }' : ','}`;
			lines.push({ text, set: s.name, element: group.length === 1 ? group[0] : undefined });
		});
		lines.push({ text: '\t}', set: s.name });
	}
	for (const c of ruleset.chains) {
		separate();
		lines.push({ text: `\tchain ${c.name} {`, chain: c.name });
		if (c.comment !== undefined) lines.push({ text: `\t\tcomment ${quoted(c.comment)}`, chain: c.name });
		if (c.base) lines.push({ text: `\t\ttype ${c.base.type} hook ${c.base.hook} priority ${priorityText(c.base.priority, c.base.hook)}; policy accept;`, chain: c.name });
		for (const r of c.rules) lines.push({ text: `\t\t${ruleText(r)}`, chain: c.name, rule: r });
		lines.push({ text: '\t}', chain: c.name });
	}
	lines.push({ text: '}' });
	return lines;
}

/** The `nft list table ip kube-proxy` text (`ip6` for the IPv6 table). */
export function nftList(ruleset: NftRuleset): string {
	return `${nftListLines(ruleset)
		.map((l) => l.text)
		.join('\n')}\n`;
}
