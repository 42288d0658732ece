/**
 * One DNS query answered as CoreDNS's kubernetes plugin answers it (coredns/coredns
 * plugin/kubernetes handler.go ServeDNS, kubernetes.go Services/Records/findServices/findPods,
 * parse.go parseRequest, reverse.go, and plugin/backend_lookup.go A/AAAA/SRV/CNAME/TXT/PTR),
 * and the walk a Pod's resolver makes through its search list (kubelet
 * pkg/kubelet/network/dns/dns.go; glibc resolv/res_query.c __res_context_search; musl
 * src/network/lookup_name.c name_from_dns_search).
 *
 * Behaviour worth knowing, all from the sources above:
 * - NXDOMAIN vs NOERROR-with-no-data: an existing Service, endpoint, `svc.<zone>`, `pod.<zone>`,
 *   the zone itself and `<ns>.svc.<zone>` for a namespace that exists answer NOERROR with no
 *   records for a type they have none of; a name the plugin cannot parse, an unknown Service, a
 *   namespace that does not exist, a headless Service with no ready endpoint, `_tcp.<svc>...`
 *   (parsed as an endpoint that does not exist) answer NXDOMAIN. TXT is the exception: for any
 *   name but `dns-version.<zone>` the plugin answers NOERROR only if the name has records of
 *   another type, so `<ns>.svc.<zone>` TXT is NXDOMAIN while its A query is NOERROR.
 * - Names compare case-insensitively; answers keep the case of the question (handler_case_test.go).
 * - Wildcard queries (`*.ns.svc...`) were removed in CoreDNS 1.9.0 (notes/coredns-1.9.0.md,
 *   PR 5019): `*` is an ordinary label and matches nothing.
 * - An ExternalName Service answers A/AAAA with its CNAME; CoreDNS chases the target itself: inside
 *   the cluster zone it appends the target's records (and answers nothing at all if the target has
 *   none), outside it asks its upstream and appends what comes back. The engine cannot know that
 *   answer; `upstream` names the lookup CoreDNS makes.
 * - Names outside the plugin's zones go to `forward . /etc/resolv.conf`, and so do reverse names it
 *   has no PTR for (`fallthrough in-addr.arpa ip6.arpa`): status FORWARDED, answer unknown here.
 */
import {
	DNS_SCHEMA_VERSION,
	DNS_VERSION_TTL,
	type DnsIndex,
	dnsIndex,
	type DnsSettings,
	DEFAULT_DNS,
	clusterDnsIP,
	clusterZone,
	endpointPtrTargets,
	hostType,
	labelOf,
	namespaceExists,
	readyAddresses,
	subsetIndex,
	verifiedPodNamespaces,
	type ResourceRecord,
	srvWeight,
} from './dns.ts';
import { parseIP, reverseName } from './ip.ts';
import type { Cluster, Diagnostic, ServiceModel } from './types.ts';

export type QType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT';
export const QTYPES: readonly QType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT'];

/**
 * NOERROR (with `answer: []` meaning "no data"), NXDOMAIN, or FORWARDED: CoreDNS handed the query
 * to its upstream (`forward . /etc/resolv.conf`) because the name is outside cluster DNS, so what
 * comes back is not the cluster's to say.
 */
export type Status = 'NOERROR' | 'NXDOMAIN' | 'FORWARDED';

export interface Answer {
	status: Status;
	answer: ResourceRecord[];
	/** An ExternalName target outside the cluster: CoreDNS also asks its upstream for this and appends the reply. */
	upstream?: { name: string; type: QType };
	/** Why the question could not be asked (not a valid DNS name, unknown type). */
	error?: string;
}

export interface Resolution {
	status: Status;
	/** The records of the name that answered (for an A lookup from a Pod: its A and AAAA records). */
	answer: ResourceRecord[];
	/** Each name tried, in order, with its status and how many records came back. */
	tried: { name: string; status: Status; answers: number }[];
	/** DNS questions sent: names tried × `types.length`. */
	queries: number;
	/** The question types sent for each name (A lookups from a Pod send A and AAAA, see ResolveOptions). */
	types: QType[];
	searchPath: string[];
	ndots: number;
	/** /etc/resolv.conf as the container runtime writes it from kubelet's settings ('' without a Pod). */
	resolvConf: string;
	/** Which stub resolver walked the search list ('none': one query, no Pod). */
	resolver: 'glibc' | 'musl' | 'none';
	upstream?: { name: string; type: QType };
	diagnostics: Diagnostic[];
}

export interface ResolveOptions {
	/** The Pod's C library: glibc (Debian, Ubuntu, distroless base) or musl (Alpine). Default glibc. */
	resolver?: 'glibc' | 'musl';
	/**
	 * Search domains of the node's /etc/resolv.conf (kubelet --resolv-conf); kubelet appends them
	 * after the cluster's three. Default none.
	 */
	hostSearch?: string[];
	/**
	 * How an A lookup is made. 'getaddrinfo' (default): getaddrinfo(AF_UNSPEC), what curl and most
	 * programs call; glibc and musl send A and AAAA for each name in parallel and accept a name
	 * when either has records, so each name costs 2 queries. 'single': only the asked type
	 * (gethostbyname, `dig +search`). AAAA and the other types always send one question per name.
	 */
	addressLookup?: 'getaddrinfo' | 'single';
}

/** kubelet dns.go defaultDNSOptions. */
export const POD_NDOTS = 5;
/** pkg/apis/core/validation MaxDNSSearchPathsExpanded / MaxDNSSearchListCharsExpanded (ExpandedDNSConfig is GA). */
export const MAX_SEARCH_PATHS = 32;
export const MAX_SEARCH_LIST_CHARS = 2048;
/** validation.DNS1123SubdomainMaxLength: longer search domains are dropped by kubelet. */
const MAX_SEARCH_DOMAIN = 253;

// ------------------------------------------------------------------ one query, as CoreDNS answers

interface Zone {
	/** Lowercase, no trailing dot. */
	zone: string;
	/** As the question spelled it (CoreDNS keeps the question's case for names it builds). */
	asked: string;
	/** A reverse zone, where NXDOMAIN falls through to the upstream. */
	reverse: boolean;
}

/** A msg.Service: an address or name, a port, the name it lives at (no trailing dot). */
interface Entry {
	host: string;
	port: number;
	target: string;
}

interface Lookup {
	entries: Entry[];
	/** kubernetes.go IsNameError: errNoItems, errNsNotExposed, errInvalidRequest. */
	nx: boolean;
	/** The dns-version TXT record. */
	version?: boolean;
}

interface Request {
	podOrSvc: '' | 'pod' | 'svc';
	namespace: string;
	service: string;
	endpoint: string;
	port: string;
	protocol: string;
}

const EMPTY: Request = { podOrSvc: '', namespace: '', service: '', endpoint: '', port: '', protocol: '' };
const OK_EMPTY: Lookup = { entries: [], nx: false };
const NX: Lookup = { entries: [], nx: true };

const eqFold = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();
const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);
const stripUnderscore = (s: string) => (s.startsWith('_') ? s.slice(1) : s);
const rr = (name: string, ttl: number, type: ResourceRecord['type'], data: string): ResourceRecord => ({ name, ttl, class: 'IN', type, data });

/** parse.go parseRequest, with the plugin's default options (no multicluster, no zonal). undefined: errInvalidRequest. */
function parseRequest(base: string): Request | undefined {
	if (base === '' || base === 'svc' || base === 'pod') return EMPTY;
	const segs = base.split('.');
	let last = segs.length - 1;
	const podOrSvc = segs[last];
	if (podOrSvc !== 'pod' && podOrSvc !== 'svc') return undefined;
	const r: Request = { ...EMPTY, podOrSvc };
	if (--last < 0) return r;
	r.namespace = segs[last]!;
	if (--last < 0) return r;
	r.service = segs[last]!;
	if (--last < 0) return r;
	if (last === 0) r.endpoint = segs[0]!;
	else if (last === 1) {
		r.protocol = stripUnderscore(segs[1]!);
		r.port = stripUnderscore(segs[0]!);
	} else return undefined; // "too long": NXDOMAIN
	return r;
}

const matchPort = (rPort: string, pName: string, rProto: string, pProto: string) =>
	(rPort === '' || eqFold(rPort, pName)) && (rProto === '' || eqFold(rProto, pProto));

/** dnsutil.TrimZone: the labels left of the zone. `lname` ends with a dot. */
function trimZone(lname: string, zone: string): string {
	return lname === `${zone}.` ? '' : lname.slice(0, lname.length - zone.length - 2);
}

const isReverseName = (lname: string) => lname.endsWith('.in-addr.arpa.') || lname.endsWith('.ip6.arpa.');

/** kubernetes.go Records. */
function records(ix: DnsIndex, lname: string, z: Zone): Lookup {
	const r = parseRequest(trimZone(lname, z.zone));
	if (!r) return NX;
	if (r.podOrSvc === '') return OK_EMPTY;
	if (isReverseName(lname)) return NX;
	if (!namespaceExists(ix, r.namespace)) return NX;
	return r.podOrSvc === 'pod' ? findPods(ix, r, z) : findServices(ix, r, z);
}

/** kubernetes.go findPods. */
function findPods(ix: DnsIndex, r: Request, z: Zone): Lookup {
	if (ix.pods === 'disabled') return NX;
	const podname = r.service;
	if (podname === '') return OK_EMPTY;
	const dashes = podname.split('-').length - 1;
	const ip = dashes === 3 && !podname.includes('--') ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':');
	const target = `${podname}.${r.namespace}.pod.${z.asked}`;
	if (ix.pods === 'insecure') {
		// Any name that reads as an address answers with that address, Pod or no Pod.
		return hostType(ip).type === 'CNAME' ? NX : { entries: [{ host: ip, port: 0, target }], nx: false };
	}
	// verified: a Pod with exactly this status.podIP in this namespace.
	const entries = verifiedPodNamespaces(ix, ip)
		.filter((ns) => ns === r.namespace)
		.map(() => ({ host: ip, port: 0, target }));
	return entries.length > 0 ? { entries, nx: false } : NX;
}

/** kubernetes.go findServices. */
function findServices(ix: DnsIndex, r: Request, z: Zone): Lookup {
	if (r.service === '') return OK_EMPTY;
	const key = `${r.service}.${r.namespace}`;
	const list: ServiceModel[] = ix.services.get(key) ?? [];
	const entries: Entry[] = [];
	let nx = true;
	for (const svc of list) {
		const base = `${svc.name}.${svc.namespace}.svc.${z.asked}`;
		if (svc.type === 'ExternalName') {
			// No endpoints and no port/protocol names under an ExternalName (handler_test.go
			// "endpoint.external.testns...": NXDOMAIN).
			if (r.endpoint !== '' || r.port !== '' || r.protocol !== '') continue;
			const host = svc.externalName ?? '';
			if (host !== '' && hostType(host).type === 'CNAME') {
				entries.push({ host, port: 0, target: base });
				nx = false;
			}
			continue;
		}
		if (svc.headless || r.endpoint !== '') {
			for (const s of subsetIndex(ix).get(key) ?? []) {
				for (const a of readyAddresses(s)) {
					if (r.endpoint !== '' && !eqFold(r.endpoint, labelOf(a))) continue;
					for (const p of s.ports) {
						if (!matchPort(r.port, p.name, r.protocol, p.protocol)) continue;
						entries.push({ host: a.ip, port: p.port, target: `${labelOf(a)}.${base}` });
						nx = false;
					}
				}
			}
			continue;
		}
		const ports = (svc.ports ?? []).length === 0 ? [{ name: '', port: -1, protocol: '' }] : svc.ports;
		for (const p of ports) {
			if (!matchPort(r.port, p.name, r.protocol, p.protocol)) continue;
			nx = false;
			for (const ip of svc.clusterIPs ?? []) entries.push({ host: ip, port: p.port, target: base });
		}
	}
	return { entries, nx };
}

/** kubernetes.go Services: what every answer type starts from. */
function services(ix: DnsIndex, type: QType, lname: string, z: Zone): Lookup {
	if (type === 'TXT') {
		const base = trimZone(lname, z.zone);
		if (base === 'dns-version') return { entries: [], nx: false, version: true };
		// Another type's records at this name make TXT "no data"; anything else is NXDOMAIN.
		return records(ix, lname, z).entries.length > 0 ? OK_EMPTY : NX;
	}
	// ns.go isDefaultNS: ns.dns.<zone> answers with the cluster DNS Service's addresses.
	if (lname.indexOf('ns.dns.') === 0 && lname.indexOf(`${z.asked}.`) === 7) {
		if (type !== 'A' && type !== 'AAAA') return OK_EMPTY;
		const entries = ix.nameservers.filter((ip) => hostType(ip).type === type).map((ip) => ({ host: ip, port: 0, target: lname.slice(0, -1) }));
		return { entries, nx: false };
	}
	const found = records(ix, lname, z);
	// "SRV for external services is not yet implemented": drop CNAME entries.
	if (type === 'SRV') return { ...found, entries: found.entries.filter((e) => hostType(e.host).type !== 'CNAME') };
	return found;
}

interface Built {
	records: ResourceRecord[];
	nx: boolean;
	upstream?: { name: string; type: QType };
}

/** backend_lookup.go A / AAAA, CNAME chasing included. */
function addresses(ix: DnsIndex, type: 'A' | 'AAAA', qname: string, z: Zone, previous: ResourceRecord[]): Built {
	const lname = qname.toLowerCase();
	const lookup = services(ix, type, lname, z);
	if (lookup.nx) return { records: [], nx: true };
	const out: ResourceRecord[] = [];
	let upstream: Built['upstream'];
	const seen = new Set<string>();
	for (const e of lookup.entries) {
		const t = hostType(e.host);
		if (t.type === 'CNAME') {
			const target = fqdn(e.host);
			const lt = target.toLowerCase();
			if (lt === lname || lt.endsWith(`.${lname}`)) continue; // x CNAME x (or below x): a loop
			if (previous.length > 10) continue; // maxCnameChainLength
			if (previous.some((p) => p.type === 'CNAME' && p.data === target)) continue;
			const cname = rr(qname, ix.ttl, 'CNAME', target);
			const zoneName = `${z.zone}.`;
			if (lt === zoneName || lt.endsWith(`.${zoneName}`)) {
				// A target inside the zone is answered here; the CNAME appears only with its records.
				const next = addresses(ix, type, target, z, [...previous, cname]);
				if (!next.nx && next.records.length > 0) {
					out.push(cname, ...next.records);
					upstream ??= next.upstream;
				}
				continue;
			}
			out.push(cname);
			upstream ??= { name: target, type };
			continue;
		}
		if (t.type !== type || seen.has(e.host)) continue;
		seen.add(e.host);
		out.push(rr(qname, ix.ttl, type, t.ip));
	}
	return upstream ? { records: out, nx: false, upstream } : { records: out, nx: false };
}

/** backend_lookup.go SRV. */
function srv(ix: DnsIndex, qname: string, z: Zone): Built {
	const lookup = services(ix, 'SRV', qname.toLowerCase(), z);
	if (lookup.nx) return { records: [], nx: true };
	const weight = srvWeight(lookup.entries.length);
	const out: ResourceRecord[] = [];
	const seen = new Set<string>();
	for (const e of lookup.entries) {
		if (e.port === -1) continue; // a Service or slice without ports
		const key = `${e.target}\0${e.port}`;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(rr(qname, ix.ttl, 'SRV', `0 ${weight} ${e.port} ${e.target}.`));
	}
	return { records: out, nx: false };
}

/** dnsutil.ExtractAddressFromReverse, then Go's net.IP String. '' when the name is not a full address. */
function reverseAddress(lname: string): string {
	let labels: string[];
	let text: string;
	if (lname.endsWith('.in-addr.arpa.')) {
		labels = lname.slice(0, -'.in-addr.arpa.'.length).split('.').reverse();
		text = labels.join('.');
		const t = hostType(text);
		return t.type === 'A' ? t.ip : '';
	}
	if (lname.endsWith('.ip6.arpa.')) {
		labels = lname.slice(0, -'.ip6.arpa.'.length).split('.').reverse();
		const groups: string[] = [];
		for (let i = 0; i + 4 <= labels.length; i += 4) groups.push(labels.slice(i, i + 4).join(''));
		text = groups.join(':');
		const t = hostType(text);
		return t.type === 'CNAME' ? '' : t.ip;
	}
	return '';
}

/** reverse.go Reverse / serviceRecordForIP, and backend_lookup.go PTR. */
function ptr(ix: DnsIndex, qname: string, z: Zone): Built {
	const lname = qname.toLowerCase();
	const ip = reverseAddress(lname);
	if (ip === '') return { records: [], nx: records(ix, lname, z).nx };
	const svc = ix.serviceByIP.get(ip);
	if (svc) return { records: [rr(qname, ix.ttl, 'PTR', `${svc.name}.${svc.namespace}.svc.${ix.zone}.`)], nx: false };
	const targets = [...new Set(endpointPtrTargets(ix, ip))];
	if (targets.length === 0) return { records: [], nx: true };
	return { records: targets.map((t) => rr(qname, ix.ttl, 'PTR', t)), nx: false };
}

/** A question as a DNS name: made absolute, checked for what a resolver would refuse to send. */
function questionName(name: unknown): { qname: string; error?: string } {
	const text = typeof name === 'string' ? name : '';
	if (text === '' || text === '.') return { qname: '.' };
	const qname = fqdn(text);
	const labels = qname.slice(0, -1).split('.');
	if (labels.some((l) => l === '')) return { qname, error: `"${text}" is not a valid DNS name: it has an empty label` };
	if (labels.some((l) => l.length > 63)) return { qname, error: `"${text}" is not a valid DNS name: a label is longer than 63 characters` };
	if (qname.length > 254) return { qname, error: `"${text}" is not a valid DNS name: longer than 253 characters` };
	return { qname };
}

function matchZone(ix: DnsIndex, qname: string): Zone | undefined {
	const lname = qname.toLowerCase();
	let best: string | undefined;
	for (const z of ix.zones) {
		if ((lname === `${z}.` || lname.endsWith(`.${z}.`)) && (best === undefined || z.length > best.length)) best = z;
	}
	if (best === undefined) return undefined;
	return { zone: best, asked: qname.slice(qname.length - best.length - 1, -1), reverse: best !== ix.zone };
}

/**
 * One query, as the cluster's CoreDNS answers it (handler.go ServeDNS). `index` comes from
 * `dnsIndex(cluster, dns)` (dns.ts), built once per cluster and cached, so each query is a few
 * map lookups however many Services there are.
 */
export function answer(index: DnsIndex, name: string, type: QType): Answer {
	if (!QTYPES.includes(type)) return { status: 'NXDOMAIN', answer: [], error: `unsupported query type "${String(type)}"` };
	const { qname, error } = questionName(name);
	if (error) return { status: 'NXDOMAIN', answer: [], error };
	const z = matchZone(index, qname);
	if (!z) return { status: 'FORWARDED', answer: [] };
	let built: Built;
	switch (type) {
		case 'A':
		case 'AAAA':
			built = addresses(index, type, qname, z, []);
			break;
		case 'SRV':
			built = srv(index, qname, z);
			break;
		case 'PTR':
			built = ptr(index, qname, z);
			break;
		case 'CNAME': {
			const lookup = services(index, 'CNAME', qname.toLowerCase(), z);
			const first = lookup.entries[0];
			built = {
				records: !lookup.nx && first && hostType(first.host).type === 'CNAME' ? [rr(qname, index.ttl, 'CNAME', fqdn(first.host))] : [],
				nx: lookup.nx,
			};
			break;
		}
		case 'TXT': {
			const lookup = services(index, 'TXT', qname.toLowerCase(), z);
			built = { records: lookup.version ? [rr(qname, DNS_VERSION_TTL, 'TXT', `"${DNS_SCHEMA_VERSION}"`)] : [], nx: lookup.nx };
			break;
		}
	}
	if (built.nx) return { status: z.reverse ? 'FORWARDED' : 'NXDOMAIN', answer: [] };
	return built.upstream ? { status: 'NOERROR', answer: built.records, upstream: built.upstream } : { status: 'NOERROR', answer: built.records };
}

// ------------------------------------------------------------------ the resolver walk from a Pod

/**
 * kubelet formDNSSearchFitsLimits: at most 32 domains, none longer than 253 characters, the line
 * at most 2048 characters (cut from the end).
 */
function fitSearch(search: string[], diagnostics: Diagnostic[]): string[] {
	let list = [...new Set(search)];
	let exceeded = false;
	if (list.length > MAX_SEARCH_PATHS) {
		list = list.slice(0, MAX_SEARCH_PATHS);
		exceeded = true;
	}
	const short = list.filter((d) => d.length <= MAX_SEARCH_DOMAIN);
	if (short.length !== list.length) exceeded = true;
	list = short;
	while (list.length > 0 && list.join(' ').length > MAX_SEARCH_LIST_CHARS) {
		list.pop();
		exceeded = true;
	}
	if (exceeded) {
		diagnostics.push({
			severity: 'warning',
			message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${list.join(' ')}`,
		});
	}
	return list;
}

interface Tried {
	name: string;
	status: Status;
	records: ResourceRecord[];
	upstream?: { name: string; type: QType };
}

/** Sends each of `types` for `name` and merges the replies as the stub resolver sees them. */
function ask(ix: DnsIndex, name: string, types: QType[]): Tried {
	const replies = types.map((t) => answer(ix, name, t));
	const records: ResourceRecord[] = [];
	const seen = new Set<string>();
	for (const r of replies) {
		for (const rec of r.answer) {
			const key = `${rec.name}\0${rec.type}\0${rec.data}`;
			if (seen.has(key)) continue;
			seen.add(key);
			records.push(rec);
		}
	}
	const status: Status = replies.some((r) => r.status === 'NOERROR') ? 'NOERROR' : replies.some((r) => r.status === 'FORWARDED') ? 'FORWARDED' : 'NXDOMAIN';
	const upstream = replies.find((r) => r.upstream)?.upstream;
	return upstream ? { name, status, records, upstream } : { name, status, records };
}

/**
 * One query (name, type) as cluster DNS answers it, or, with `fromNamespace`, the lookup a Pod in
 * that namespace makes (dnsPolicy ClusterFirst, not hostNetwork): its /etc/resolv.conf as kubelet
 * has it written —
 *
 *     search <ns>.svc.<zone> svc.<zone> <zone>
 *     nameserver 10.96.0.10
 *     options ndots:5
 *
 * (dns.go generateSearchesForDNSClusterFirst, defaultDNSOptions; the nameserver is kubelet's
 * clusterDNS, which kubeadm sets to the 10th address of the service CIDR; containerd writes the
 * lines in this order) — and the names its resolver tries in turn:
 * - a name ending in a dot is absolute: tried as is, once, nothing else;
 * - glibc: a name with at least ndots dots is tried as is first; then (any name without a trailing
 *   dot) each search domain appended; then, if not tried yet, as is. It stops at the first reply
 *   with records. NXDOMAIN and NOERROR-with-no-data both move on to the next name
 *   ("On a NO_DATA error, keep trying"). Failing all, the status is that of the first as-is try if
 *   it came first, else NOERROR if any search name had no data, else that of the last name.
 * - musl: a name with at least ndots dots is tried as is only (no search list); otherwise each
 *   search domain, then as is. Only NXDOMAIN moves on; a NOERROR reply with no records stops
 *   the walk.
 * With ndots:5, `example.com` costs three failed searches in the cluster (plus one per host search
 * domain) before the absolute query that leaves it; `web.shop.svc.cluster.local` (four dots)
 * is also searched before it is tried as is.
 *
 * A FORWARDED name (outside cluster DNS) has an answer the engine cannot know: the walk records it
 * and moves on as if upstream had nothing, and the final status is FORWARDED unless a later
 * cluster name answered.
 */
export function resolve(
	cluster: Cluster,
	dns: DnsSettings = DEFAULT_DNS,
	query: { name: string; type: QType },
	fromNamespace?: string,
	options: ResolveOptions = {},
): Resolution {
	const ix = dnsIndex(cluster, dns);
	const diagnostics: Diagnostic[] = [];
	const type: QType = QTYPES.includes(query?.type) ? query.type : 'A';
	if (!QTYPES.includes(query?.type)) diagnostics.push({ severity: 'error', message: `unsupported query type "${String(query?.type)}"; asked A instead` });
	let name = typeof query?.name === 'string' ? query.name.slice(0, 1024) : '';
	// `dig -x`: a PTR question for an address asks for its in-addr.arpa / ip6.arpa name.
	const address = type === 'PTR' ? parseIP(name) : undefined;
	if (address) {
		name = reverseName(address);
		diagnostics.push({ severity: 'info', message: `PTR for ${query.name}: asking ${name}` });
	}

	if (fromNamespace === undefined) {
		const a = answer(ix, name, type);
		if (a.error) diagnostics.push({ severity: 'error', message: a.error });
		const asked = questionName(name).qname;
		return {
			status: a.status,
			answer: a.answer,
			tried: [{ name: asked, status: a.status, answers: a.answer.length }],
			queries: 1,
			types: [type],
			searchPath: [],
			ndots: 1,
			resolvConf: '',
			resolver: 'none',
			...(a.upstream ? { upstream: a.upstream } : {}),
			diagnostics,
		};
	}

	const namespace = fromNamespace === '' ? 'default' : fromNamespace;
	if (fromNamespace === '') diagnostics.push({ severity: 'warning', message: 'empty namespace: resolving from "default"' });
	const zone = clusterZone(cluster);
	const hostSearch = (options.hostSearch ?? []).filter((d) => typeof d === 'string' && d !== '').map((d) => d.replace(/\.$/, ''));
	const searchPath = fitSearch([`${namespace}.svc.${zone}`, `svc.${zone}`, zone, ...hostSearch], diagnostics);
	const nameserver = clusterDnsIP(cluster);
	const ndots = POD_NDOTS;
	const resolvConf = `${searchPath.length > 0 ? `search ${searchPath.join(' ')}\n` : ''}nameserver ${nameserver}\noptions ndots:${ndots}\n`;
	const resolver = options.resolver === 'musl' ? 'musl' : 'glibc';
	const types: QType[] = type === 'A' && options.addressLookup !== 'single' ? ['A', 'AAAA'] : [type];

	const tried: Tried[] = [];
	const attempt = (candidate: string): Tried => {
		const t = ask(ix, candidate, types);
		tried.push(t);
		return t;
	};
	const answered = (t: Tried) => t.status === 'NOERROR' && t.records.length > 0;
	const trailing = name.endsWith('.');
	const dots = name.split('.').length - 1;
	const asIs = name === '' ? '.' : fqdn(name);
	// A search name longer than a DNS name may be is never sent (res_mkquery fails / musl skips it).
	const fits = (candidate: string) => questionName(candidate).error === undefined;
	const searched = (domain: string) => `${name}.${domain}.`;

	let final: Tried | undefined;
	let failStatus: Status | undefined;
	if (name === '' || questionName(name).error) {
		const error = questionName(name).error ?? 'empty name';
		diagnostics.push({ severity: 'error', message: error });
		failStatus = 'NXDOMAIN';
	} else if (resolver === 'glibc') {
		let savedStatus: Status | undefined;
		let gotNoData = false;
		let last: Tried | undefined;
		if (dots >= ndots || trailing) {
			last = attempt(asIs);
			if (answered(last)) final = last;
			else if (trailing) failStatus = last.status;
			else savedStatus = last.status;
		}
		if (!final && !trailing) {
			for (const domain of searchPath) {
				const candidate = searched(domain);
				if (!fits(candidate)) break;
				last = attempt(candidate);
				if (answered(last)) {
					final = last;
					break;
				}
				if (last.status === 'NOERROR') gotNoData = true;
			}
			if (!final && savedStatus === undefined) {
				last = attempt(asIs);
				if (answered(last)) final = last;
			}
			if (!final) failStatus = savedStatus ?? (gotNoData ? 'NOERROR' : (last?.status ?? 'NXDOMAIN'));
		}
	} else {
		const search = dots >= ndots || trailing ? [] : searchPath;
		for (const domain of search) {
			const candidate = searched(domain);
			if (!fits(candidate)) continue;
			const t = attempt(candidate);
			if (t.status === 'NOERROR') {
				final = t;
				break;
			}
		}
		if (!final) final = attempt(asIs);
		if (!answered(final)) failStatus = final.status;
	}

	const success = final && answered(final) ? final : undefined;
	const leftCluster = tried.some((t) => t.status === 'FORWARDED');
	const status: Status = success ? 'NOERROR' : leftCluster ? 'FORWARDED' : (failStatus ?? 'NXDOMAIN');
	const upstream = success?.upstream;
	return {
		status,
		answer: success ? success.records : [],
		tried: tried.map((t) => ({ name: t.name, status: t.status, answers: t.records.length })),
		queries: tried.length * types.length,
		types,
		searchPath,
		ndots,
		resolvConf,
		resolver,
		...(upstream ? { upstream } : {}),
		diagnostics,
	};
}

