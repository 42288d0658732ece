/**
 * The trace view for kube-proxy's nftables mode: the first packet of one connection through the
 * `kube-proxy` table (nftables.ts) the way the kernel runs it. Each hook's base chains run in
 * priority order (a from-Pod or outside packet: prerouting, then input or forward by the routing
 * decision, then postrouting; a packet of the node's own: output, then postrouting), and every
 * rule is interpreted from the ruleset's data: the rule's own statements, the named sets and
 * verdict maps with their elements, anonymous sets and maps. So the trace follows exactly the
 * table the nftables view prints, and a rule the model adds is followed without new code as
 * long as it is written with the matches and statements modelled here.
 *
 * The first packet of a connection: `ct state` is new, dynamic sets (session affinity) are
 * still empty, `numgen random mod N` takes each of its N values with chance 1/N. NAT
 * statements end their base chain with accept (the kernel's nft_nat / nft_masq verdicts).
 * Interface matches (`iifname`, only ever the local-traffic detector's) are taken to name the
 * interface a Pod on this node sends through; packets from outside arrive elsewhere, and the
 * node's own packets have no input interface.
 */
import { canonicalIP, cidrContains, familyOfIP, formatIP, nthIP, parseCIDR, parseIP } from './ip.ts';
import type { NftChain, NftElement, NftHook, NftRule, NftRuleset, NftSet } from './nftables.ts';
import type { RuleSource } from './proxy-common.ts';
import type { Hop, Packet, Trace, TraceFrom, TracePath } from './trace.ts';
import type { Cluster, Diagnostic, Protocol } from './types.ts';

// ---------------------------------------------------------------- rules as data

type Selector =
	| { kind: 'addr'; dir: 'saddr' | 'daddr' }
	| { kind: 'l4proto' }
	/** `th dport`, or `tcp dport` (which only a TCP packet has). */
	| { kind: 'port'; dir: 'sport' | 'dport'; proto?: string }
	| { kind: 'iifname' }
	| { kind: 'mark' }
	| { kind: 'ct'; key: 'state' | 'status' }
	| { kind: 'fib'; dir: 'saddr' | 'daddr' }
	| { kind: 'numgen'; mod: number; offset: number };

/** Elements of a named set or map, or of an anonymous one written in the rule. */
type SetRef = { name: string } | { elements: NftElement[] };

type Item =
	/** `SEL VALUE`, `SEL != VALUE`, `SEL @set`, `SEL { a , b }`: membership of the selectors' values. */
	| { kind: 'lookup'; sels: Selector[]; negate: boolean; set: SetRef }
	/** `mark and 0x4000 == 0` */
	| { kind: 'bitwise'; sel: Selector; mask: number; negate: boolean; value: number }
	/** `SEL vmap @map` / `vmap { k : verdict , … }`: the element's verdict; no element, no match. */
	| { kind: 'vmap'; sels: Selector[]; map: SetRef }
	| { kind: 'verdict'; verdict: Flow }
	| { kind: 'mark'; op: 'or' | 'xor' | 'and' | 'set'; value: number }
	| { kind: 'dnat'; ip: string; port?: number }
	| { kind: 'masquerade' }
	| { kind: 'update'; set: string }
	| { kind: 'counter' };

type Flow = { kind: 'next' | 'return' | 'accept' | 'drop' | 'reject' } | { kind: 'jump' | 'goto'; chain: string };

class ParseError extends Error {}

/** Words around `{`, `}` and `,` may be written without spaces (`{ a,b }`); addresses keep their `:` and `.`. */
const tokenize = (text: string) => text.replace(/([{},])/g, ' $1 ').trim().split(/\s+/).filter(Boolean);

class Tokens {
	private at = 0;
	private readonly words: string[];
	constructor(words: string[]) {
		this.words = words;
	}
	peek(k = 0): string | undefined {
		return this.words[this.at + k];
	}
	next(): string {
		const w = this.words[this.at++];
		if (w === undefined) throw new ParseError(this.words.join(' '));
		return w;
	}
	skip(word: string): boolean {
		if (this.peek() !== word) return false;
		this.at++;
		return true;
	}
	expect(word: string) {
		if (!this.skip(word)) throw new ParseError(this.peek() ?? `(end, wanted ${word})`);
	}
	get done() {
		return this.at >= this.words.length;
	}
}

const PROTOCOLS = ['tcp', 'udp', 'sctp'];
const VERDICTS = new Set(['accept', 'drop', 'return', 'continue']);

function parseSelector(t: Tokens): Selector | undefined {
	const [a, b, c] = [t.peek(), t.peek(1), t.peek(2)];
	const take = <S extends Selector>(n: number, sel: S): S => {
		for (let i = 0; i < n; i++) t.next();
		return sel;
	};
	if ((a === 'ip' || a === 'ip6') && (b === 'saddr' || b === 'daddr')) return take(2, { kind: 'addr', dir: b });
	if ((a === 'meta' && b === 'l4proto') || a === 'l4proto') return take(a === 'meta' ? 2 : 1, { kind: 'l4proto' });
	if (a === 'th' && (b === 'dport' || b === 'sport')) return take(2, { kind: 'port', dir: b });
	if (a && PROTOCOLS.includes(a) && (b === 'dport' || b === 'sport')) return take(2, { kind: 'port', dir: b, proto: a });
	if (a === 'meta' && (b === 'mark' || b === 'iifname')) return take(2, b === 'mark' ? { kind: 'mark' } : { kind: 'iifname' });
	if (a === 'mark') return take(1, { kind: 'mark' });
	if (a === 'iifname') return take(1, { kind: 'iifname' });
	if (a === 'ct' && (b === 'state' || b === 'status')) return take(2, { kind: 'ct', key: b });
	if (a === 'fib' && (b === 'saddr' || b === 'daddr') && c === 'type') return take(3, { kind: 'fib', dir: b });
	if (a === 'numgen' && b === 'random' && c === 'mod') {
		t.next(), t.next(), t.next();
		const mod = Number(t.next());
		const offset = t.skip('offset') ? Number(t.next()) : 0;
		if (!Number.isInteger(mod) || mod < 1 || !Number.isInteger(offset)) throw new ParseError('numgen');
		return { kind: 'numgen', mod, offset };
	}
	return undefined;
}

/** `SEL . SEL . SEL` */
function parseConcat(t: Tokens): Selector[] {
	const sels: Selector[] = [];
	do {
		const sel = parseSelector(t);
		if (!sel) throw new ParseError(t.peek() ?? '(end)');
		sels.push(sel);
	} while (t.skip('.'));
	return sels;
}

/** One element's words up to `,` or `}`, as `a . b . c` and an optional `: verdict`. */
function parseElement(t: Tokens, stop: Set<string>): NftElement {
	const words: string[] = [];
	while (!t.done && !stop.has(t.peek()!)) words.push(t.next());
	const colon = words.indexOf(':');
	const keyWords = colon === -1 ? words : words.slice(0, colon);
	const key = keyWords.join(' ').split(' . ');
	if (keyWords.length === 0) throw new ParseError('empty element');
	return colon === -1 ? { key } : { key, value: [words.slice(colon + 1).join(' ')] };
}

/** `@name`, `{ e , e }`, or (a plain match) one value, `a,b` alternatives allowed (`ct state new,established`). */
function parseSetRef(t: Tokens): SetRef {
	const w = t.peek();
	if (w?.startsWith('@')) return { name: t.next().slice(1) };
	const elements: NftElement[] = [];
	if (t.skip('{')) {
		do elements.push(parseElement(t, new Set([',', '}'])));
		while (t.skip(','));
		t.expect('}');
		return { elements };
	}
	do {
		const key = [t.next()];
		while (t.skip('.')) key.push(t.next());
		elements.push({ key });
	} while (t.skip(','));
	return { elements };
}

function parseVerdict(words: string[]): Flow | undefined {
	const [w, chain] = words;
	if ((w === 'jump' || w === 'goto') && chain) return { kind: w, chain };
	if (w === 'continue') return { kind: 'next' };
	if (w && VERDICTS.has(w)) return { kind: w as 'accept' | 'drop' | 'return' };
	return undefined;
}

const number = (text: string) => {
	const n = Number(text);
	if (!Number.isInteger(n)) throw new ParseError(text);
	return n >>> 0;
};

/** `mark set mark or 0x4000`, `meta mark set meta mark | 0x00004000` (nft's own spelling), `mark set 0x1`. */
function parseMarkSet(t: Tokens): Item {
	if (t.peek() === 'meta' && t.peek(1) === 'mark') t.next(), t.next();
	else if (!t.skip('mark')) return { kind: 'mark', op: 'set', value: number(t.next()) };
	const op = t.next();
	const ops: Record<string, 'or' | 'xor' | 'and'> = { or: 'or', '|': 'or', xor: 'xor', '^': 'xor', and: 'and', '&': 'and' };
	if (!ops[op]) throw new ParseError(op);
	return { kind: 'mark', op: ops[op], value: number(t.next()) };
}

/** A rule's matches and statements, in order (knftables writes them as nft's grammar reads them). */
function parseNftRule(text: string): Item[] {
	const t = new Tokens(tokenize(text));
	const items: Item[] = [];
	while (!t.done) {
		const w = t.peek()!;
		if (VERDICTS.has(w) || w === 'jump' || w === 'goto') {
			const verdict = parseVerdict(w === 'jump' || w === 'goto' ? [t.next(), t.next()] : [t.next()]);
			if (!verdict) throw new ParseError(w);
			items.push({ kind: 'verdict', verdict });
		} else if (w === 'reject') {
			t.next();
			// `reject with icmp type …` / `with tcp reset`: the kind of reject is not traced.
			if (t.skip('with')) while (!t.done) t.next();
			items.push({ kind: 'verdict', verdict: { kind: 'reject' } });
		} else if (w === 'masquerade') {
			t.next();
			while (['random', 'fully-random', 'persistent', ','].includes(t.peek() ?? '')) t.next();
			items.push({ kind: 'masquerade' });
		} else if (w === 'dnat') {
			t.next();
			if (t.peek() === 'ip' || t.peek() === 'ip6') t.next();
			t.expect('to');
			const to = t.next();
			const m = /^\[([^\]]+)\]:(\d+)$/.exec(to) ?? /^([^:]+):(\d+)$/.exec(to);
			const ip = m ? m[1] : to;
			if (!parseIP(ip)) throw new ParseError(to);
			items.push(m ? { kind: 'dnat', ip, port: Number(m[2]) } : { kind: 'dnat', ip });
		} else if (w === 'counter') {
			t.next();
			while (t.peek() === 'packets' || t.peek() === 'bytes') t.next(), t.next();
			items.push({ kind: 'counter' });
		} else if ((w === 'update' || w === 'add') && t.peek(1)?.startsWith('@')) {
			t.next();
			const set = t.next().slice(1);
			t.expect('{');
			parseConcat(t);
			t.expect('}');
			items.push({ kind: 'update', set });
		} else {
			const sels = parseConcat(t);
			if (t.skip('vmap')) items.push({ kind: 'vmap', sels, map: parseSetRef(t) });
			else if (t.peek() === 'set' && sels.length === 1 && sels[0].kind === 'mark') {
				t.next();
				items.push(parseMarkSet(t));
			} else if (t.peek() === 'and' || t.peek() === '&') {
				t.next();
				const mask = number(t.next());
				const negate = t.skip('!=');
				if (!negate) t.skip('==');
				items.push({ kind: 'bitwise', sel: sels[0], mask, negate, value: number(t.next()) });
			} else {
				const negate = t.skip('!=');
				if (!negate) t.skip('==');
				items.push({ kind: 'lookup', sels, negate, set: parseSetRef(t) });
			}
		}
	}
	return items;
}

// ---------------------------------------------------------------- evaluating against a packet

interface State {
	packet: Packet;
	mark: number;
	/** A dnat statement ran: the connection goes to an endpoint. */
	dnat: boolean;
	masqueraded: boolean;
	masqueradeReason?: string;
	hops: Hop[];
	probability: number;
}

/** Where the packet came in: a Pod on this node, from the network, or the node's own process. */
type Ingress = 'pod' | 'network' | 'local';

interface Context {
	chains: Map<string, NftChain>;
	sets: Map<string, NftSet>;
	parsed: Map<NftRule, Item[] | undefined>;
	ingress: Ingress;
	isLocal: (ip: string) => boolean;
	/** Lookup indexes of named and anonymous sets: exact keys → element, the rest scanned. */
	indexes: Map<NftElement[], SetIndex>;
	/** What the trace could not follow, each said once. */
	problems: Set<string>;
}

/** One selector's value for the packet; undefined where the packet has none (`tcp dport` of UDP). */
type Value = { ip: string } | { text: string } | { num: number } | { flags: string[] } | { iface: boolean };

function valueOf(sel: Selector, s: State, ctx: Context, numgen: number | undefined): Value | undefined {
	const p = s.packet;
	switch (sel.kind) {
		case 'addr':
			return { ip: sel.dir === 'saddr' ? p.src : p.dst };
		case 'l4proto':
			return { text: p.protocol.toLowerCase() };
		case 'port':
			// The trace knows only the destination port; `tcp dport` does not exist for UDP.
			return sel.dir === 'dport' && (!sel.proto || sel.proto === p.protocol.toLowerCase()) ? { num: p.dport } : undefined;
		case 'iifname':
			return { iface: ctx.ingress === 'pod' };
		case 'mark':
			return { num: s.mark };
		case 'ct':
			// The first packet is new: setupNFTables' `ct state new jump …` checks all see it.
			return { flags: sel.key === 'state' ? ['new'] : s.dnat ? ['dnat'] : [] };
		case 'fib':
			// `fib daddr type local`: node ports on any local address (nodePortAddresses unset);
			// `fib saddr type local`: the node's own traffic to an external destination (syncProxyRules).
			return { flags: [ctx.isLocal(sel.dir === 'saddr' ? p.src : p.dst) ? 'local' : 'unicast'] };
		case 'numgen':
			return numgen === undefined ? undefined : { num: numgen };
	}
}

const PROTOCOL_NUMBERS: Record<string, string> = { tcp: '6', udp: '17', sctp: '132' };

/** Whether `value` is one element key component: an address, CIDR or range, a number or range, a word. */
function componentMatches(value: Value, text: string): boolean {
	if ('ip' in value) {
		const ip = parseIP(value.ip);
		if (!ip) return false;
		if (text.includes('/')) {
			const cidr = parseCIDR(text);
			return !!cidr && cidrContains(cidr, ip);
		}
		const dash = text.indexOf('-');
		if (dash > 0) {
			const [lo, hi] = [parseIP(text.slice(0, dash)), parseIP(text.slice(dash + 1))];
			return !!lo && !!hi && lo.family === ip.family && ip.value >= lo.value && ip.value <= hi.value;
		}
		const other = parseIP(text);
		return !!other && other.family === ip.family && other.value === ip.value;
	}
	if ('num' in value) {
		const dash = text.indexOf('-');
		if (dash > 0) return value.num >= Number(text.slice(0, dash)) && value.num <= Number(text.slice(dash + 1));
		return Number(text) === value.num;
	}
	if ('text' in value) return text === value.text || PROTOCOL_NUMBERS[value.text] === text;
	if ('flags' in value) return value.flags.includes(text);
	return value.iface;
}

/** A key component's exact form, when it has one (no CIDR, range or wildcard). */
function exactKey(text: string): string | undefined {
	if (/[/*]/.test(text)) return undefined;
	const ip = canonicalIP(text);
	if (ip) return `ip:${ip}`;
	if (/^(0x[0-9a-f]+|\d+)$/i.test(text)) return `n:${Number(text)}`;
	return text.includes('-') ? undefined : `t:${text}`;
}

/** The exact forms a value can be looked up by (several for flags); undefined: scan instead. */
function valueKeys(value: Value): string[] | undefined {
	if ('ip' in value) {
		const ip = canonicalIP(value.ip);
		return ip ? [`ip:${ip}`] : [];
	}
	if ('num' in value) return [`n:${value.num}`];
	if ('text' in value) return [`t:${value.text}`, `n:${PROTOCOL_NUMBERS[value.text] ?? ''}`];
	if ('flags' in value) return value.flags.map((f) => `t:${f}`);
	return undefined;
}

interface SetIndex {
	exact: Map<string, NftElement>;
	scan: NftElement[];
}

function indexOf(ctx: Context, elements: NftElement[]): SetIndex {
	let index = ctx.indexes.get(elements);
	if (!index) {
		index = { exact: new Map(), scan: [] };
		for (const e of elements) {
			const parts = e.key.map(exactKey);
			if (parts.every((k) => k !== undefined)) {
				const key = parts.join(' . ');
				if (!index.exact.has(key)) index.exact.set(key, e);
			} else index.scan.push(e);
		}
		ctx.indexes.set(elements, index);
	}
	return index;
}

/** The first element whose key holds the values: exact keys first, then CIDRs, ranges, wildcards. */
function lookup(ctx: Context, ref: SetRef, values: Value[]): NftElement | undefined {
	let elements: NftElement[];
	if ('name' in ref) {
		const set = ctx.sets.get(ref.name);
		if (!set) {
			ctx.problems.add(`a rule looks up @${ref.name}, which the table does not have; taken as a miss`);
			return undefined;
		}
		elements = set.elements;
	} else elements = ref.elements;
	const index = indexOf(ctx, elements);
	const keys = values.map(valueKeys);
	if (keys.every((k) => k !== undefined)) {
		// Every combination of the values' exact forms (one each, but flags and protocols have several).
		let combos = [''];
		keys.forEach((k, i) => (combos = combos.flatMap((c) => k!.map((x) => (i === 0 ? x : `${c} . ${x}`)))));
		for (const c of combos) {
			const hit = index.exact.get(c);
			if (hit) return hit;
		}
	}
	const candidates = keys.every((k) => k !== undefined) ? index.scan : elements;
	return candidates.find((e) => e.key.length === values.length && e.key.every((text, i) => componentMatches(values[i], text)));
}

const quoted = (s: string) => JSON.stringify(s);
/** As `nft list` prints them (nftables.ts nftListLines). */
const ruleText = (r: NftRule) => (r.comment !== undefined ? `${r.rule} comment ${quoted(r.comment)}` : r.rule);
const elementText = (e: NftElement) => `${e.key.join(' . ')}${e.comment !== undefined ? ` comment ${quoted(e.comment)}` : ''}${e.value ? ` : ${e.value.join(' . ')}` : ''}`;

interface RuleResult {
	state: State;
	flow: Flow;
	effect?: Hop['effect'];
	element?: NftElement;
}

/** One rule against one packet (numgen fixed to `numgen`); undefined when a match fails. */
function evalRule(ctx: Context, items: Item[], s: State, numgen: number | undefined): RuleResult | undefined {
	let state = s;
	let flow: Flow = { kind: 'next' };
	let effect: Hop['effect'] | undefined;
	let element: NftElement | undefined;
	const values = (sels: Selector[]) => {
		const out = sels.map((sel) => valueOf(sel, state, ctx, numgen));
		return out.every((v) => v !== undefined) ? (out as Value[]) : undefined;
	};
	for (const item of items) {
		switch (item.kind) {
			case 'lookup': {
				// A selector without a value (NFT_BREAK) fails the rule whether or not it is negated.
				const v = values(item.sels);
				if (!v) return undefined;
				const hit = lookup(ctx, item.set, v);
				if (!!hit === item.negate) return undefined;
				if (hit && 'name' in item.set) element = hit;
				break;
			}
			case 'bitwise': {
				const v = valueOf(item.sel, state, ctx, numgen);
				if (!v || !('num' in v)) return undefined;
				if ((((v.num & item.mask) >>> 0) === item.value) === item.negate) return undefined;
				break;
			}
			case 'vmap': {
				const v = values(item.sels);
				const hit = v && lookup(ctx, item.map, v);
				const verdict = hit && parseVerdict((hit.value ?? []).join(' ').split(/\s+/));
				if (!hit || !verdict) return undefined;
				element = hit;
				flow = verdict;
				effect = verdict.kind === 'drop' || verdict.kind === 'accept' || verdict.kind === 'return' ? verdict.kind : 'jump';
				break;
			}
			case 'verdict':
				flow = item.verdict;
				effect = flow.kind === 'jump' || flow.kind === 'goto' ? 'jump' : flow.kind === 'next' ? effect : flow.kind;
				break;
			case 'mark': {
				const m = item.op === 'or' ? state.mark | item.value : item.op === 'xor' ? state.mark ^ item.value : item.op === 'and' ? state.mark & item.value : item.value;
				state = { ...state, mark: m >>> 0 };
				effect = 'mark';
				break;
			}
			case 'dnat':
				// nft_nat_eval: a NAT statement's verdict is the NAT setup's, accept (ends the base chain).
				state = { ...state, dnat: true, packet: { ...state.packet, dst: item.ip, dport: item.port ?? state.packet.dport } };
				flow = { kind: 'accept' };
				effect = 'dnat';
				break;
			case 'masquerade':
				state = { ...state, masqueraded: true };
				flow = { kind: 'accept' };
				effect = 'masquerade';
				break;
			case 'update':
				// The first packet adds its client to the affinity set; later connections find it there.
				effect = 'update';
				break;
			case 'counter':
				break;
		}
		if (flow.kind !== 'next') break;
	}
	return { state, flow, effect, element };
}

/** The rule's numgen selector, if it has one (`numgen random mod N vmap { … }`). */
function numgenOf(items: Item[]): Extract<Selector, { kind: 'numgen' }> | undefined {
	for (const item of items) {
		const sels = item.kind === 'lookup' || item.kind === 'vmap' ? item.sels : item.kind === 'bitwise' ? [item.sel] : [];
		for (const sel of sels) if (sel.kind === 'numgen') return sel;
	}
	return undefined;
}

const flowKey = (f: Flow) => (f.kind === 'jump' || f.kind === 'goto' ? `${f.kind} ${f.chain}` : f.kind);

/**
 * A rule's ways out for one packet, each with its chance: one, or for a numgen rule one per
 * distinct verdict its N values lead to (writeServiceToEndpointRules: one per endpoint).
 */
function ruleBranches(ctx: Context, chain: string, rule: NftRule, s: State): { result?: RuleResult; share: number; elements: NftElement[] }[] {
	let items = ctx.parsed.get(rule);
	if (!ctx.parsed.has(rule)) {
		try {
			items = parseNftRule(rule.rule);
		} catch (error) {
			const at = error instanceof ParseError ? ` at "${error.message}"` : '';
			ctx.problems.add(`the trace does not model the rule "${rule.rule}" (${chain}${at}); it was taken as not matching`);
			items = undefined;
		}
		ctx.parsed.set(rule, items);
	}
	if (!items) return [{ share: 1, elements: [] }];
	const gen = numgenOf(items);
	if (!gen) return [{ result: evalRule(ctx, items, s, undefined), share: 1, elements: [] }];
	const groups = new Map<string, { result?: RuleResult; count: number; elements: NftElement[] }>();
	for (let i = 0; i < gen.mod; i++) {
		const result = evalRule(ctx, items, s, gen.offset + i);
		const key = result ? `${flowKey(result.flow)}|${result.state.mark}|${result.state.packet.dst}` : 'miss';
		const group = groups.get(key);
		if (group) {
			group.count++;
			if (result?.element) group.elements.push(result.element);
		} else groups.set(key, { result, count: 1, elements: result?.element ? [result.element] : [] });
	}
	return [...groups.values()].map((g) => ({ result: g.result, share: g.count / gen.mod, elements: g.elements }));
}

/** Why the rule that sent the packet to the masquerade mark did so, in a reader's words. */
function masqueradeReason(chain: string, rule: NftRule, items: Item[]): string {
	const lookups = items.filter((i): i is Extract<Item, { kind: 'lookup' }> => i.kind === 'lookup');
	const words = (l: Extract<Item, { kind: 'lookup' }>) => ('elements' in l.set ? l.set.elements.map((e) => e.key.join(' . ')).join(', ') : `@${l.set.name}`);
	// writeServiceToEndpointRules' endpoint chain: `ip saddr <endpoint> jump mark-for-masquerade`.
	if (chain.startsWith('endpoint-')) return `hairpin: the endpoint is the client itself (${rule.rule}), so the reply must come back through this node`;
	const notFrom = lookups.find((l) => l.negate && l.sels.length === 1 && l.sels[0].kind === 'addr' && l.sels[0].dir === 'saddr');
	if (notFrom) return `the client is not in ${words(notFrom)}, where kube-proxy's local-traffic detector expects Pods (${chain})`;
	const notIif = lookups.find((l) => l.negate && l.sels[0]?.kind === 'iifname');
	if (notIif) return `the packet did not come from a local Pod's interface (${words(notIif)}) (${chain})`;
	if (lookups.some((l) => l.sels[0]?.kind === 'fib' && l.sels[0].dir === 'saddr')) return `the client is the node itself${rule.comment ? ` (${rule.comment})` : ''}`;
	// syncProxyRules: externalTrafficPolicy Cluster masquerades all external traffic (the endpoint may be elsewhere).
	if (chain.startsWith('external-') && lookups.length === 0) return `traffic for an external destination (node port, external IP or load balancer IP) with externalTrafficPolicy Cluster (${chain})`;
	// masqueradeAll: the cluster IP alone.
	if (lookups.length > 0 && lookups.every((l) => !l.negate && l.sels[0]?.kind === 'addr' && l.sels[0].dir === 'daddr')) return `masqueradeAll: every connection to ${words(lookups[0])} is masqueraded`;
	return rule.comment ?? `${chain}: ${rule.rule}`;
}

type End = 'return' | 'accept' | 'drop' | 'reject';

/** nft's jump stack is 16 deep (NFT_JUMP_STACK_SIZE); deeper is a ruleset the kernel refuses. */
const MAX_DEPTH = 16;

/** Runs a chain; every way out (several where numgen branches), each with how it left. */
function runChain(ctx: Context, name: string, state: State, depth: number): { state: State; end: End }[] {
	const chain = ctx.chains.get(name);
	if (!chain || depth > MAX_DEPTH) {
		ctx.problems.add(chain ? `jumps nest deeper than ${MAX_DEPTH} at ${name}: the kernel would refuse this table` : `a rule jumps to ${name}, which the table does not have; it was taken as returning`);
		return [{ state, end: 'return' }];
	}
	let live: State[] = [state];
	const done: { state: State; end: End }[] = [];
	for (const rule of chain.rules) {
		const next: State[] = [];
		for (const s of live) {
			for (const { result, share, elements } of ruleBranches(ctx, name, rule, s)) {
				const probability = s.probability * share;
				if (!result) {
					next.push(share === 1 ? s : { ...s, probability });
					continue;
				}
				const hop: Hop | undefined = result.effect && {
					table: 'kube-proxy',
					chain: name,
					rule: ruleText(rule),
					effect: result.effect,
					...(share < 1 ? { probability: share } : {}),
					...(elements.length > 0 || result.element ? { element: (elements.length > 0 ? elements : [result.element!]).map(elementText).join(', ') } : {}),
					...sourceOf(rule, result.element),
				};
				const taken: State = { ...result.state, probability, hops: hop ? [...s.hops, hop] : s.hops };
				const { flow } = result;
				if (flow.kind === 'next') next.push(taken);
				else if (flow.kind === 'jump' || flow.kind === 'goto') {
					for (const out of runChain(ctx, flow.chain, taken, depth + 1)) {
						// The rule that led to a new mark bit says why the packet will be masqueraded.
						const marked = !taken.masqueradeReason && !out.state.masqueradeReason && (out.state.mark & ~taken.mark) !== 0;
						const back = marked ? { ...out, state: { ...out.state, masqueradeReason: masqueradeReason(name, rule, ctx.parsed.get(rule) ?? []) } } : out;
						// jump comes back to the next rule; goto's chain returns straight to our caller.
						if (back.end === 'return' && flow.kind === 'jump') next.push(back.state);
						else done.push(back);
					}
				} else done.push({ state: taken, end: flow.kind });
			}
		}
		live = next;
	}
	return [...done, ...live.map((s) => ({ state: s, end: 'return' as const }))];
}

/** The element's provenance (which Service field put it there) over the rule's, which the fixed rules lack. */
function sourceOf(rule: NftRule, element: NftElement | undefined): { source?: RuleSource } {
	const source = element?.source ?? rule.source;
	return source ? { source } : {};
}

// ---------------------------------------------------------------- hooks

/**
 * After a hook, where the kernel sends the packet: prerouting's routing decision (input for the
 * node's own addresses, forward otherwise), forward and output to postrouting, and a node's own
 * packet to itself back in through input (the lo loop; prerouting's nat is not run again).
 */
function nextHook(hook: NftHook, state: State, ctx: Context): NftHook | undefined {
	const local = ctx.isLocal(state.packet.dst);
	switch (hook) {
		case 'prerouting':
			return local ? 'input' : 'forward';
		case 'forward':
		case 'output':
			return 'postrouting';
		case 'postrouting':
			return ctx.ingress === 'local' && local ? 'input' : undefined;
		case 'input':
			return undefined;
	}
}

/**
 * A hook's base chains in priority order (nftablesBaseChains: pre-DNAT filter -110, DNAT -100,
 * filter 0, SNAT 100): the no-endpoint and cluster-ips checks run after DNAT, so traffic DNATed
 * to an endpoint never meets them, and the source-range firewall runs before it.
 */
function baseChains(ruleset: NftRuleset, hook: NftHook): NftChain[] {
	return ruleset.chains.filter((c) => c.base?.hook === hook).sort((a, b) => a.base!.priority - b.base!.priority);
}

/** The packet through one hook and the ones after it; drop and reject end it, accept goes on to the next base chain. */
function travel(ctx: Context, ruleset: NftRuleset, hook: NftHook, state: State): { state: State; end?: 'drop' | 'reject' }[] {
	let live = [state];
	const out: { state: State; end?: 'drop' | 'reject' }[] = [];
	for (const chain of baseChains(ruleset, hook)) {
		const next: State[] = [];
		for (const s of live) {
			for (const exit of runChain(ctx, chain.name, s, 0)) {
				if (exit.end === 'drop' || exit.end === 'reject') out.push({ state: exit.state, end: exit.end });
				else next.push(exit.state);
			}
		}
		live = next;
	}
	for (const s of live) {
		const after = nextHook(hook, s, ctx);
		if (after) out.push(...travel(ctx, ruleset, after, s));
		else out.push({ state: s });
	}
	return out;
}

// ---------------------------------------------------------------- the trace

/** The first gateway address of a Pod CIDR: the Pod bridge's address, which MASQUERADE takes towards a local Pod. */
function gatewayOf(cidr: string | undefined): string | undefined {
	const parsed = cidr ? parseCIDR(cidr) : undefined;
	return parsed ? formatIP(nthIP(parsed, 1n)) : undefined;
}

/**
 * The first packet of a connection from `from` to `to` through `ruleset` (kube-proxy's nftables
 * table on `ruleset.node`), in the same shape as the iptables trace.
 */
export function traceNft(cluster: Cluster, ruleset: NftRuleset, from: TraceFrom, to: { ip: string; port: number }, protocol: Protocol = 'TCP'): Trace {
	const diagnostics: Diagnostic[] = [];
	const node = cluster.nodes.find((n) => n.name === ruleset.node);
	const fam = familyOfIP(to.ip);
	const ofFamily = (ips: string[]) => ips.filter((ip) => familyOfIP(ip) === fam);
	const nodeIPs = node ? [...node.internalIPs, ...node.externalIPs] : [];
	const localIPs = new Set(nodeIPs.map((ip) => canonicalIP(ip) ?? ip));
	let src: string;
	let ingress: Ingress;
	if (from.kind === 'pod') {
		const pod = cluster.pods.find((p) => p.namespace === from.namespace && p.name === from.name);
		src = (pod && (ofFamily(pod.podIPs)[0] ?? pod.podIPs[0])) ?? '';
		// A Pod elsewhere reaches this node over the network, not through a local Pod interface.
		ingress = pod?.nodeName === ruleset.node ? 'pod' : 'network';
		if (!pod) diagnostics.push({ severity: 'error', message: `no Pod ${from.namespace}/${from.name} in the input` });
		else if (pod.nodeName !== ruleset.node) diagnostics.push({ severity: 'warning', message: `Pod ${from.name} runs on ${pod.nodeName}; tracing through ${ruleset.node}'s rules anyway` });
	} else if (from.kind === 'node') {
		src = ofFamily(nodeIPs)[0] ?? '';
		ingress = 'local';
		if (!node) diagnostics.push({ severity: 'error', message: `no node ${from.name}` });
	} else {
		src = from.ip;
		ingress = 'network';
	}
	const packet: Packet = { src, dst: to.ip, dport: to.port, protocol };
	const isLocal = (ip: string) => {
		const c = canonicalIP(ip);
		return !!c && (localIPs.has(c) || c.startsWith('127.') || c === '::1');
	};
	const ctx: Context = {
		chains: new Map(ruleset.chains.map((c) => [c.name, c])),
		sets: new Map(ruleset.sets.map((s) => [s.name, s])),
		parsed: new Map(),
		ingress,
		isLocal,
		indexes: new Map(),
		problems: new Set(),
	};
	const start: State = { packet, mark: 0, dnat: false, masqueraded: false, hops: [], probability: 1 };
	let ends: { state: State; end?: 'drop' | 'reject' }[];
	if ((fam === 6) !== (ruleset.nftFamily === 'ip6')) {
		// An `ip` table sees only IPv4 packets, an `ip6` table only IPv6 ones.
		diagnostics.push({ severity: 'warning', message: `the ${ruleset.nftFamily} ${ruleset.table} table does not see IPv${fam} packets: trace with the IPv${fam} table` });
		ends = [{ state: start }];
	} else ends = travel(ctx, ruleset, ingress === 'local' ? 'output' : 'prerouting', start);

	const gateway = gatewayOf(ofFamily(node?.podCIDRs ?? [])[0]);
	const paths: TracePath[] = ends.map(({ state, end }) => {
		if (end) return { probability: state.probability, hops: state.hops, packet: state.packet, masqueraded: false, outcome: end === 'reject' ? 'rejected' : 'dropped' };
		const endpointPod = state.dnat ? cluster.pods.find((p) => p.podIPs.includes(state.packet.dst)) : undefined;
		// masquerade takes the address of the interface the packet leaves by: the Pod bridge's
		// gateway for a Pod on this node, the node's own address otherwise.
		const snat = endpointPod && endpointPod.nodeName === ruleset.node && gateway ? gateway : (ofFamily(nodeIPs)[0] ?? state.packet.src);
		const finalPacket = state.masqueraded ? { ...state.packet, src: snat } : state.packet;
		return {
			probability: state.probability,
			hops: state.hops,
			packet: finalPacket,
			masqueraded: state.masqueraded,
			...(state.masqueraded && state.masqueradeReason ? { masqueradeReason: state.masqueradeReason } : {}),
			outcome: state.dnat ? 'endpoint' : isLocal(finalPacket.dst) ? 'local' : 'no-service',
			...(state.dnat
				? { endpoint: { ip: finalPacket.dst, port: finalPacket.dport, ...(endpointPod ? { pod: endpointPod.name, node: endpointPod.nodeName } : {}) } }
				: {}),
		};
	});
	for (const message of ctx.problems) diagnostics.push({ severity: 'warning', message });
	return { node: ruleset.node, from, packet, paths, diagnostics };
}
