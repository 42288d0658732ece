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
 *
 * The settings, the per-node Service port and endpoint selection and the local-traffic detector
 * are shared with the nftables view (proxy-common.ts).
 */
import { cidrContains, familyOfIP, parseCIDR, parseIP } from './ip.ts';
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
	type ProxySettings,
	type RuleSource,
	servicePorts,
} from './proxy-common.ts';
import { sha256Base32Prefix16 } from './sha256.ts';
import type { Cluster, Diagnostic, IPFamily } from './types.ts';

export {
	DEFAULT_PROXY_SETTINGS,
	type DetectLocalMode,
	formatMark,
	type ProxyMode,
	type ProxySettings,
	proxySettings,
	type RuleSource,
	servicePortNameString,
} from './proxy-common.ts';

// ---------------------------------------------------------------- rules

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

type Endpoint = ProxyEndpoint;

/** The detector's matches as iptables arguments (LocalTrafficDetector IfLocal / IfNotLocal). */
function iptablesDetector(local: LocalTraffic | undefined): { ifLocal: string[]; ifNotLocal: string[] } | undefined {
	if (!local) return undefined;
	const [flag, value] = 'cidr' in local ? ['-s', local.cidr] : 'interface' in local ? ['-i', local.interface] : ['-i', `${local.interfacePrefix}+`];
	return { ifLocal: [flag, value], ifNotLocal: ['!', flag, value] };
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
	const ipFamily: IPFamily = family ?? primaryFamily(cluster);
	const fam = familyNumber(ipFamily);
	const isIPv6 = fam === 6;
	const nodeModel = cluster.nodes.find((n) => n.name === node);
	if (!nodeModel) diagnostics.push({ severity: 'warning', message: `Node ${node} is not in the cluster: no endpoint is local to it.` });
	const nodeIP = nodeModel?.internalIPs.find((ip) => familyOfIP(ip) === fam);
	const detector = iptablesDetector(localTraffic(proxy, nodeModel, fam));
	const npa = nodePortAddresses(proxy, nodeModel, fam);
	// NewProxier: localhost node ports need a loopback-containing nodePortAddresses, and never on IPv6.
	const localhostNodePorts = proxy.localhostNodePorts && npa.containsIPv4Loopback && !isIPv6;
	const mark = masqueradeMark(proxy);
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

	const infos = servicePorts(cluster, node, ipFamily, (sp, key) => servicePortEndpointChainName(sp.name, sp.protocol, key));
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
		const hash = portProtoHash(name, protocol);
		const clusterPolicyChain = `KUBE-SVC-${hash}`;
		const localPolicyChain = `KUBE-SVL-${hash}`;
		const externalTrafficChain = `KUBE-EXT-${hash}`;
		const fwChain = `KUBE-FW-${hash}`;
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
		for (const ip of nodePortIPs(npa.cidrs, nodeModel, fam)) {
			if (isLoopback(ip) && (isIPv6 || !localhostNodePorts)) {
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
