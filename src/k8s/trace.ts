/**
 * The trace view: the first packet of one connection through the rules kube-proxy wrote on a
 * node (iptables mode), chain by chain: nat PREROUTING (or OUTPUT for the node's own processes)
 * into KUBE-SERVICES, the DNAT choice with each endpoint's probability, the filter table's
 * REJECT/DROP for Services without endpoints, and POSTROUTING's masquerade when the packet was
 * marked. It interprets the engine's own Ruleset, so it follows exactly the rules the iptables
 * view prints.
 */
import { cidrContains, formatIP, nthIP, parseCIDR, parseIP } from './ip.ts';
import type { Rule, RuleSource, Ruleset } from './iptables.ts';
import type { Cluster, Diagnostic, Protocol } from './types.ts';

export type TraceFrom = { kind: 'pod'; namespace: string; name: string } | { kind: 'node'; name: string } | { kind: 'external'; ip: string };

export interface Packet {
	src: string;
	dst: string;
	dport: number;
	protocol: Protocol;
}

export interface Hop {
	/** The iptables table, or `kube-proxy`: the nftables table (trace-nft.ts). */
	table: 'nat' | 'filter' | 'kube-proxy';
	chain: string;
	/** The rule as iptables-save prints it (without "-A CHAIN"), or as `nft list` prints it. */
	rule: string;
	/** What the rule did to this packet; `update`: nftables added the client to a set (session affinity). */
	effect: 'jump' | 'return' | 'mark' | 'dnat' | 'masquerade' | 'reject' | 'drop' | 'accept' | 'branch' | 'update';
	/** For `-m statistic` and `numgen` rules: the chance that the packet takes this rule. */
	probability?: number;
	/** nftables: the set or map element the packet's lookup found, as `nft list` prints it. */
	element?: string;
	source?: RuleSource;
}

export interface TracePath {
	/** Chance of this path among all paths of the first packet. */
	probability: number;
	hops: Hop[];
	/** The packet as it leaves the node's rules (after DNAT and masquerade). */
	packet: Packet;
	masqueraded: boolean;
	/** Why it is masqueraded: the rule that marked it. */
	masqueradeReason?: string;
	outcome: 'endpoint' | 'rejected' | 'dropped' | 'no-service' | 'local';
	/** The endpoint reached, for outcome "endpoint". */
	endpoint?: { ip: string; port: number; pod?: string; node?: string };
}

export interface Trace {
	node: string;
	from: TraceFrom;
	packet: Packet;
	paths: TracePath[];
	diagnostics: Diagnostic[];
}

interface State {
	packet: Packet;
	mark: boolean;
	masqueradeReason?: string;
	hops: Hop[];
	probability: number;
	verdict?: 'dnat' | 'reject' | 'drop' | 'accept';
}

const BUILTIN_TARGETS = new Set(['RETURN', 'ACCEPT', 'DROP', 'REJECT', 'DNAT', 'MARK', 'MASQUERADE', 'SNAT']);

function ruleText(rule: Rule): string {
	return rule.args.join(' ');
}

/** Parses `--from`: `pod/NAME`, `pod/NAMESPACE/NAME`, `node/NAME`, or an IP outside the cluster. */
export function parseTraceFrom(text: string): TraceFrom | { error: string } {
	const parts = text.split('/');
	if (parts[0] === 'pod' && (parts.length === 2 || parts.length === 3)) {
		return parts.length === 2 ? { kind: 'pod', namespace: 'default', name: parts[1] } : { kind: 'pod', namespace: parts[1], name: parts[2] };
	}
	if (parts[0] === 'node' && parts.length === 2) return { kind: 'node', name: parts[1] };
	const ip = parseIP(text);
	if (ip) return { kind: 'external', ip: text };
	return { error: `--from must be pod/NAME, pod/NAMESPACE/NAME, node/NAME or a client IP, not "${text}"` };
}

/**
 * The node whose rules a connection meets first: the client Pod's node, the node itself, or for
 * an outside client the node it dials; undefined when none of those applies (use any node).
 */
export function traceNode(cluster: Cluster, from: TraceFrom, to: { ip: string }): string | undefined {
	if (from.kind === 'pod') return cluster.pods.find((p) => p.namespace === from.namespace && p.name === from.name)?.nodeName;
	if (from.kind === 'node') return from.name;
	return cluster.nodes.find((n) => n.internalIPs.includes(to.ip) || n.externalIPs.includes(to.ip))?.name;
}

/** Parses `--to IP:PORT` (IPv6 as [IP]:PORT). */
export function parseTraceTo(text: string): { ip: string; port: number } | { error: string } {
	const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
	const port = m ? Number(m[2]) : NaN;
	if (!m || !parseIP(m[1]) || port < 1 || port > 65535) return { error: `--to must be IP:PORT (e.g. 10.96.0.10:53, [fd00::a]:53), not "${text}"` };
	return { ip: m[1], port };
}

class Matcher {
	readonly localIPs: Set<string>;
	readonly unknown = new Set<string>();
	constructor(localIPs: string[]) {
		this.localIPs = new Set(localIPs);
	}
	private inCidr(text: string, ip: string): boolean {
		const cidr = parseCIDR(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`);
		const addr = parseIP(ip);
		return !!cidr && !!addr && cidrContains(cidr, addr);
	}
	private isLocal(ip: string): boolean {
		return this.localIPs.has(ip) || ip.startsWith('127.') || ip === '::1';
	}
	/** Whether the rule's matches hold for the packet; statistic rules are branched on by the caller. */
	matches(rule: Rule, state: State): boolean {
		const a = rule.args;
		for (let i = 0; i < a.length; i++) {
			const negate = a[i] === '!';
			if (negate) i++;
			const word = a[i];
			let ok: boolean;
			switch (word) {
				case '-m':
					// A module name only introduces its options.
					i++;
					continue;
				case '-j':
					return true;
				case '-p':
					ok = a[++i] === state.packet.protocol.toLowerCase();
					break;
				case '-d':
					ok = this.inCidr(a[++i], state.packet.dst);
					break;
				case '-s':
					ok = this.inCidr(a[++i], state.packet.src);
					break;
				case '--dport':
					ok = Number(a[++i]) === state.packet.dport;
					break;
				case '--comment':
				case '--nfacct-name':
				case '--mode':
				case '--probability':
					i++;
					continue;
				case '--dst-type':
					ok = a[++i] === 'LOCAL' ? this.isLocal(state.packet.dst) : false;
					break;
				case '--src-type':
					ok = a[++i] === 'LOCAL' ? this.isLocal(state.packet.src) : false;
					break;
				case '--mark':
					i++;
					ok = state.mark;
					break;
				case '--ctstate':
					// The first packet of a connection is NEW (and DNAT once a DNAT rule has run).
					ok = a[++i].split(',').some((s) => s === 'NEW' || (s === 'DNAT' && state.verdict === 'dnat'));
					break;
				case '--rcheck':
					// Session affinity: no earlier connection from this client is remembered.
					ok = false;
					break;
				case '--name':
				case '--seconds':
				case '--mask':
					i++;
					continue;
				case '--reap':
				case '--set':
				case '--rsource':
					continue;
				default:
					this.unknown.add(word);
					ok = false;
			}
			if (ok === negate) return false;
		}
		return true;
	}
}

function gatewayOf(cidr: string): string | undefined {
	const parsed = parseCIDR(cidr);
	return parsed ? formatIP(nthIP(parsed, 1n)) : undefined;
}

function probabilityOf(rule: Rule): number | undefined {
	const i = rule.args.indexOf('--probability');
	return i === -1 ? undefined : Number(rule.args[i + 1]);
}

function targetOf(rule: Rule): { target: string; rest: string[] } {
	const i = rule.args.indexOf('-j');
	return i === -1 ? { target: '', rest: [] } : { target: rule.args[i + 1], rest: rule.args.slice(i + 2) };
}

interface Table {
	chains: Set<string>;
	rules: Map<string, Rule[]>;
}

function tableOf(ruleset: Ruleset, name: 'nat' | 'filter'): Table {
	const t = ruleset.tables.find((x) => x.name === name);
	const rules = new Map<string, Rule[]>();
	for (const r of t?.rules ?? []) {
		const list = rules.get(r.chain);
		if (list) list.push(r);
		else rules.set(r.chain, [r]);
	}
	return { chains: new Set(t?.chains ?? []), rules };
}

/** Walks a chain; returns every way out (more than one where a statistic rule branches). */
function walk(table: Table, name: 'nat' | 'filter', chain: string, state: State, matcher: Matcher, depth = 0): State[] {
	if (depth > 32) return [state];
	let live: State[] = [state];
	const done: State[] = [];
	for (const rule of table.rules.get(chain) ?? []) {
		const next: State[] = [];
		for (const s of live) {
			if (!matcher.matches(rule, s)) {
				next.push(s);
				continue;
			}
			const p = probabilityOf(rule);
			let taken = s;
			if (p !== undefined) {
				// Branch: this rule with chance p, the rest of the chain with 1 - p.
				if (p < 1) next.push({ ...s, hops: [...s.hops], probability: s.probability * (1 - p) });
				taken = { ...s, hops: [...s.hops], probability: s.probability * p };
			}
			const { target, rest } = targetOf(rule);
			const hop = (effect: Hop['effect']): Hop => ({
				table: name,
				chain,
				rule: ruleText(rule),
				effect,
				...(p !== undefined ? { probability: p } : {}),
				...(rule.source ? { source: rule.source } : {}),
			});
			if (target === 'RETURN') {
				taken.hops.push(hop('return'));
				done.push(taken);
			} else if (target === 'MARK') {
				taken.hops.push(hop('mark'));
				// --or-mark sets the masquerade bit, --xor-mark clears it (KUBE-POSTROUTING).
				next.push({ ...taken, mark: rest[0] === '--or-mark' });
			} else if (target === 'DNAT') {
				const to = rest[rest.indexOf('--to-destination') + 1] ?? '';
				const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(to);
				taken.hops.push(hop('dnat'));
				done.push({ ...taken, packet: m ? { ...taken.packet, dst: m[1], dport: Number(m[2]) } : taken.packet, verdict: 'dnat' });
			} else if (target === 'MASQUERADE') {
				taken.hops.push(hop('masquerade'));
				done.push({ ...taken, verdict: taken.verdict ?? 'accept' });
			} else if (target === 'REJECT' || target === 'DROP' || target === 'ACCEPT') {
				taken.hops.push(hop(target === 'REJECT' ? 'reject' : target === 'DROP' ? 'drop' : 'accept'));
				done.push({ ...taken, verdict: target === 'REJECT' ? 'reject' : target === 'DROP' ? 'drop' : 'accept' });
			} else if (table.chains.has(target) || table.rules.has(target)) {
				taken.hops.push(hop('jump'));
				const marking = target === 'KUBE-MARK-MASQ';
				for (const out of walk(table, name, target, taken, matcher, depth + 1)) {
					// The rule that sent the packet to KUBE-MARK-MASQ says why it will be masqueraded.
					const reason = marking && !taken.mark && out.mark ? masqueradeReason(chain, rule) : out.masqueradeReason;
					const back = { ...out, ...(reason ? { masqueradeReason: reason } : {}) };
					// A verdict (DNAT, REJECT, DROP, ACCEPT) ends the walk; RETURN comes back here.
					if (back.verdict) done.push(back);
					else next.push(back);
				}
			} else if (!BUILTIN_TARGETS.has(target)) {
				matcher.unknown.add(`-j ${target}`);
				next.push(taken);
			} else next.push(taken);
		}
		live = next;
	}
	return [...done, ...live];
}

/** Why a rule sends the packet to KUBE-MARK-MASQ, in a reader's words. */
function masqueradeReason(chain: string, rule: Rule): string {
	const comment = commentOf(rule);
	if (chain.startsWith('KUBE-SEP-')) return `hairpin: the endpoint is the client itself (${comment ?? chain}), so the reply must come back through this node`;
	const s = rule.args.indexOf('-s');
	if (s > 0 && rule.args[s - 1] === '!') return `the client is not in the cluster CIDR ${rule.args[s + 1]} (${comment ?? chain})`;
	return comment ?? `${chain}: ${ruleText(rule)}`;
}

function commentOf(rule: Rule): string | undefined {
	const i = rule.args.indexOf('--comment');
	return i === -1 ? undefined : rule.args[i + 1].replace(/^"|"$/g, '');
}

/**
 * The filter chains kube-proxy hooks into the path the packet takes: INPUT for a node port on
 * this node, FORWARD for traffic from Pods or outside to Pods, OUTPUT for the node's processes.
 */
function filterChains(from: TraceFrom, toLocal: boolean): string[] {
	if (from.kind === 'node') return ['KUBE-PROXY-FIREWALL', 'KUBE-SERVICES', 'KUBE-FIREWALL'];
	if (from.kind === 'external' && toLocal) return ['KUBE-PROXY-FIREWALL', 'KUBE-NODEPORTS', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL'];
	return ['KUBE-PROXY-FIREWALL', 'KUBE-FORWARD', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES'];
}

/** The first packet of a connection from `from` to `to`, through `ruleset` (the rules of `ruleset.node`). */
export function trace(cluster: Cluster, ruleset: Ruleset, from: TraceFrom, to: { ip: string; port: number }, protocol: Protocol = 'TCP'): Trace {
	const diagnostics: Diagnostic[] = [];
	const node = cluster.nodes.find((n) => n.name === ruleset.node);
	const localIPs = node ? [...node.internalIPs, ...node.externalIPs] : [];
	let src: string;
	if (from.kind === 'pod') {
		const pod = cluster.pods.find((p) => p.namespace === from.namespace && p.name === from.name);
		src = pod?.podIPs[0] ?? '';
		if (!pod) diagnostics.push({ severity: 'error', message: `no Pod ${from.namespace}/${from.name} in the input` });
		else if (pod.nodeName !== ruleset.node) diagnostics.push({ severity: 'warning', message: `Pod ${from.name} runs on ${pod.nodeName}; tracing through ${ruleset.node}'s rules anyway` });
	} else if (from.kind === 'node') {
		src = localIPs[0] ?? '';
		if (!node) diagnostics.push({ severity: 'error', message: `no node ${from.name}` });
	} else src = from.ip;
	const packet: Packet = { src, dst: to.ip, dport: to.port, protocol };
	const matcher = new Matcher(localIPs);
	const nat = tableOf(ruleset, 'nat');
	const filter = tableOf(ruleset, 'filter');

	// nat PREROUTING (from a Pod or from outside) or OUTPUT (the node's own processes) → KUBE-SERVICES.
	const start: State = { packet, mark: false, hops: [], probability: 1 };
	const afterNat = walk(nat, 'nat', 'KUBE-SERVICES', start, matcher);

	const paths: TracePath[] = afterNat.map((s) => {
		// filter: REJECT/DROP for Services without (usable) endpoints, and the firewall chains.
		let state: State = { ...s, verdict: s.verdict === 'dnat' ? 'dnat' : undefined };
		for (const chain of filterChains(from, matcher.localIPs.has(state.packet.dst))) {
			if (!filter.rules.has(chain)) continue;
			const out = walk(filter, 'filter', chain, state, matcher)[0];
			state = { ...out, verdict: out.verdict === 'reject' || out.verdict === 'drop' ? out.verdict : state.verdict };
			if (out.verdict === 'reject' || out.verdict === 'drop' || out.verdict === 'accept') break;
		}
		if (state.verdict === 'reject' || state.verdict === 'drop') {
			return { probability: state.probability, hops: state.hops, packet: state.packet, masqueraded: false, outcome: state.verdict === 'reject' ? 'rejected' : 'dropped' };
		}
		// nat POSTROUTING → KUBE-POSTROUTING: masquerade what was marked.
		const post = walk(nat, 'nat', 'KUBE-POSTROUTING', { ...state, verdict: undefined }, matcher)[0];
		const masqueraded = post.hops.some((h) => h.effect === 'masquerade');
		const dnat = s.verdict === 'dnat';
		const endpointPod = dnat ? cluster.pods.find((p) => p.podIPs.includes(post.packet.dst)) : undefined;
		// MASQUERADE takes the address of the interface the packet leaves by: the Pod bridge's
		// gateway (.1 of the node's podCIDR) for a Pod on this node, the node's own IP otherwise.
		const gateway = node?.podCIDRs[0] ? gatewayOf(node.podCIDRs[0]) : undefined;
		const snat = endpointPod && endpointPod.nodeName === ruleset.node && gateway ? gateway : (localIPs[0] ?? post.packet.src);
		const finalPacket = masqueraded ? { ...post.packet, src: snat } : post.packet;
		return {
			probability: s.probability,
			hops: post.hops,
			packet: finalPacket,
			masqueraded,
			...(masqueraded && state.masqueradeReason ? { masqueradeReason: state.masqueradeReason } : {}),
			outcome: dnat ? 'endpoint' : matcher.localIPs.has(finalPacket.dst) ? 'local' : 'no-service',
			...(dnat
				? { endpoint: { ip: finalPacket.dst, port: finalPacket.dport, ...(endpointPod ? { pod: endpointPod.name, node: endpointPod.nodeName } : {}) } }
				: {}),
		};
	});
	for (const word of matcher.unknown) diagnostics.push({ severity: 'warning', message: `the trace does not model "${word}"; rules using it were taken as not matching` });
	return { node: ruleset.node, from, packet, paths, diagnostics };
}
