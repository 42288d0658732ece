/**
 * The records cluster DNS serves: the Kubernetes DNS-Based Service Discovery specification
 * (kubernetes/dns docs/specification.md, schema 1.1.0) as CoreDNS's kubernetes plugin answers it
 * (coredns/coredns plugin/kubernetes: kubernetes.go, parse.go, reverse.go, xfr.go, and
 * plugin/backend_lookup.go for how answers are built), configured as kubeadm's Corefile:
 *
 *     kubernetes cluster.local in-addr.arpa ip6.arpa {
 *        pods insecure
 *        fallthrough in-addr.arpa ip6.arpa
 *        ttl 30
 *     }
 *     forward . /etc/resolv.conf
 *
 * (kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go CoreDNSConfigMap.)
 *
 * `dnsIndex` is what CoreDNS keeps from its informers (Services, EndpointSlices reduced to ready
 * addresses, Pods for `pods verified`, Namespaces), keyed the way CoreDNS looks things up; the
 * query engine in resolve.ts and `dnsRecords` here both read it. The parts `dnsRecords` rarely
 * needs (EndpointSlices, namespaces, ready addresses) are built when first asked for.
 */
import { familyOfIP, formatIP, nthIP, parseCIDR, parseIP, reverseName } from './ip.ts';
import type { Cluster, EndpointModel, PodModel, ServiceModel } from './types.ts';

export interface DnsSettings {
	/** The kubernetes plugin's `ttl` (kubeadm: 30; CoreDNS's own default is 5). */
	ttl: number;
	/** The kubernetes plugin's `pods` mode (kubeadm: insecure; CoreDNS's own default is disabled). */
	pods: 'insecure' | 'verified' | 'disabled';
}

/** kubeadm's Corefile: `pods insecure`, `ttl 30`. */
export const DEFAULT_DNS: DnsSettings = { ttl: 30, pods: 'insecure' };

export interface ResourceRecord {
	name: string;
	ttl: number;
	class: 'IN';
	type: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT';
	/** Presentation format, as dig prints it: `10.96.0.1`, `0 100 80 web.shop.svc.cluster.local.`, `"1.1.0"`. */
	data: string;
}

/** kubernetes.go DNSSchemaVersion; the spec's `dns-version` TXT record. */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** kubernetes.go Services: the dns-version TXT record has a fixed TTL of 28800, whatever `ttl` says. */
export const DNS_VERSION_TTL = 28800;
/** The reverse zones kubeadm's Corefile gives the kubernetes plugin, with `fallthrough` for both. */
export const REVERSE_ZONES = ['in-addr.arpa', 'ip6.arpa'] as const;
/**
 * Namespaces every cluster has: the apiserver's system-namespaces controller creates them
 * (pkg/controlplane/controller/systemnamespaces). CoreDNS answers NOERROR/no-data for
 * `<ns>.svc.<zone>` only when the namespace exists (namespace.go namespaceExposed), so these count
 * as existing even when the input has no object in them.
 */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A port as CoreDNS keeps it; port -1 is its sentinel for "no ports" (object/service.go, object/endpoint.go). */
export interface DnsPort {
	name: string;
	port: number;
	protocol: string;
}

/** A ready endpoint address. */
export interface DnsEndpoint {
	/** The address as the EndpointSlice lists it. */
	ip: string;
	/** The address as Go prints it (`canonicalAddress`), worked out once by `readyAddresses`. */
	text: string;
	/** The endpoint's own hostname, if any. */
	given?: string;
	/** Its DNS label once worked out (`labelOf`). */
	label?: string;
}

/** An endpoint's DNS label (kubernetes.go endpointHostname), worked out when first asked for. */
export function labelOf(a: DnsEndpoint): string {
	return (a.label ??= endpointHostname(a.ip, a.given));
}

/** One EndpointSlice as CoreDNS reduces it (object/endpoint.go EndpointSliceToEndpoints): ready addresses × ports. */
export interface DnsSubset {
	/** The slice's kubernetes.io/service-name label and namespace, as written. */
	service: string;
	namespace: string;
	ports: readonly DnsPort[];
	/** The slice's endpoints; read them through `readyAddresses`. */
	endpoints: readonly EndpointModel[];
	/** `readyAddresses`, once worked out. */
	addresses?: DnsEndpoint[];
}

/**
 * A subset's ready addresses, worked out when first asked for and kept. Only the records of
 * headless Services and queries for endpoint names read them, while a large cluster has a hundred
 * thousand endpoints, most of them behind ClusterIP Services: building them all up front would
 * cost `dnsRecords` more than the Pod records do.
 */
export function readyAddresses(s: DnsSubset): DnsEndpoint[] {
	return (s.addresses ??= reduceEndpoints(s.endpoints));
}

function reduceEndpoints(endpoints: readonly EndpointModel[]): DnsEndpoint[] {
	const addresses: DnsEndpoint[] = [];
	for (const ep of endpoints) {
		// object/endpoint.go: only endpoints whose `ready` condition is true (unset counts as
		// true) are kept. `serving` and `terminating` are not read: a terminating Pod drops out
		// because the EndpointSlice controller sets ready=false for it, unless the Service has
		// publishNotReadyAddresses, which makes every endpoint ready (endpointslice utils.go
		// podToEndpoint: ready = publishNotReadyAddresses || (serving && !terminating)).
		if (!ep.conditions?.ready) continue;
		for (const ip of ep.addresses ?? []) {
			const text = canonicalAddress(ip);
			if (text === undefined) continue;
			addresses.push(ep.hostname ? { ip, text, given: ep.hostname } : { ip, text });
		}
	}
	return addresses;
}

export interface DnsIndex {
	/** The cluster domain: lowercase, no trailing dot. */
	zone: string;
	/** The plugin's zones: the cluster domain and the two reverse zones. */
	zones: string[];
	ttl: number;
	pods: DnsSettings['pods'];
	/** `<name>.<namespace>` (lowercase) → Services (object.ServiceKey). */
	services: Map<string, ServiceModel[]>;
	/** Canonical ClusterIP → the first Service that has it (svcIPIndex). */
	serviceByIP: Map<string, ServiceModel>;
	/** The cluster DNS Service's addresses (answers for `ns.dns.<zone>`). */
	nameservers: string[];
	/** The model's Pods, for Pod records. */
	podList: readonly PodModel[];
	/**
	 * The model itself, for the parts of the index built when first asked for (`subsetIndex`,
	 * `namespaceExists`): `dnsRecords` needs neither for a cluster of ClusterIP Services, and on a
	 * large cluster they cost as much as the rest of the index.
	 */
	source: Cluster;
}

/** Lowercase, and never a throw on a field the model left out. */
const lower = (s: unknown) => (typeof s === 'string' ? s : '').toLowerCase();

/**
 * kubernetes.go endpointHostname: the endpoint's hostname, else its address with `.` (IPv4) or
 * `:` (IPv6) turned into `-`, and a trailing `-` made `-0` (TestEndpointHostname:
 * "2001:db8:3333:4444:5555:6666::" → "2001-db8-3333-4444-5555-6666--0"). With the plugin's
 * default options (no `endpoint_pod_names`) the Pod name is never used.
 */
export function endpointHostname(ip: string, hostname?: string): string {
	if (hostname) return hostname;
	if (ip.includes('.')) return ip.replaceAll('.', '-');
	if (ip.includes(':')) {
		const dashed = ip.replaceAll(':', '-');
		return dashed.endsWith('-') ? `${dashed}0` : dashed;
	}
	return '';
}

/** The octets' decimal texts in string order ("0" < "1" < "10" < "100" < ... < "99"). */
const OCTET_TEXTS = Array.from({ length: 256 }, (_, i) => String(i)).sort();
/** Each octet value's place in OCTET_TEXTS. */
const OCTET_RANK = (() => {
	const rank = new Int32Array(256);
	OCTET_TEXTS.forEach((s, i) => {
		rank[Number(s)] = i;
	});
	return rank;
})();

/**
 * For a dotted quad as Go's net.ParseIP takes it (four decimal octets, no leading zeros), which is
 * also how Go prints it: a number that orders such addresses the way canonical DNS order orders
 * their reverse names (`d.c.b.a.in-addr.arpa`: label `a` first, compared as text) and their dashed
 * Pod labels (`a-b-c-d` compared as text: `-`, like the end of a label, sorts before every digit).
 * -1 for anything else. One scan with no regex and no allocation, because it runs for every
 * address of a large cluster; it accepts exactly what
 * /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/ does.
 */
function quadKey(text: string): number {
	if (typeof text !== 'string') return -1;
	let key = 0;
	let octet = 0;
	let digits = 0;
	let dots = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 46) {
			if (digits === 0 || ++dots > 3) return -1;
			key = key * 256 + OCTET_RANK[octet]!;
			octet = 0;
			digits = 0;
		} else if (c >= 48 && c <= 57) {
			if (digits === 1 && octet === 0) return -1; // a leading zero
			octet = octet * 10 + (c - 48);
			if (++digits > 3 || octet > 255) return -1;
		} else return -1;
	}
	if (dots !== 3 || digits === 0) return -1;
	return key * 256 + OCTET_RANK[octet]!;
}

/**
 * What an address string is to CoreDNS (etcd/msg/type.go HostType, with Go's net.ParseIP):
 * an A or AAAA with its text as Go's net.IP.String prints it (what ip.ts formatIP prints; an
 * IPv4-mapped IPv6 address is an A record), or, when it does not parse, a name (CNAME).
 */
export function hostType(host: string): { type: 'A' | 'AAAA'; ip: string } | { type: 'CNAME' } {
	if (quadKey(host) >= 0) return { type: 'A', ip: host };
	const ip = parseIP(host);
	if (!ip) return { type: 'CNAME' };
	if (ip.family === 6 && ip.value >> 32n === 0xffffn) return { type: 'A', ip: formatIP({ family: 4, value: ip.value & 0xffffffffn }) };
	return { type: ip.family === 4 ? 'A' : 'AAAA', ip: formatIP(ip) };
}

/** The text of an address as Go prints it, or undefined when it is not an address. */
export function canonicalAddress(text: string): string | undefined {
	if (quadKey(text) >= 0) return text;
	const t = hostType(text);
	return t.type === 'CNAME' ? undefined : t.ip;
}

const recordType = (canonical: string): 'A' | 'AAAA' => (canonical.includes(':') ? 'AAAA' : 'A');

/** The in-addr.arpa / ip6.arpa name of a canonical address. */
function reverseOf(canonical: string): string | undefined {
	if (familyOfIP(canonical) === 4) {
		// The octets' text reversed, read off in place (no bigint, no split).
		const p = canonical.indexOf('.');
		const q = canonical.indexOf('.', p + 1);
		const r = canonical.indexOf('.', q + 1);
		return `${canonical.slice(r + 1)}.${canonical.slice(q + 1, r)}.${canonical.slice(p + 1, q)}.${canonical.slice(0, p)}.in-addr.arpa.`;
	}
	const ip = parseIP(canonical);
	return ip ? reverseName(ip) : undefined;
}

/**
 * The label of a Pod's A/AAAA record, `<a-b-c-d>.<ns>.pod.<zone>`: the address with `.` or `:`
 * as `-`. kubernetes.go findPods turns it back: three dashes and no `--` is IPv4, anything else
 * IPv6 (`fd00--5` → `fd00::5`).
 */
export function podLabel(ip: string): string {
	return ip.includes(':') ? ip.replace(/:/g, '-') : ip.replace(/\./g, '-');
}

/**
 * `podLabel` for canonical dotted quads, given with their `quadKey`. The Pods of a node share
 * their first three octets (each node has a /24 of the pod network), so `a-b-c-` is made once per
 * /24 and kept, and a label is that plus the last octet's text: one new string per label where a
 * replace or split makes several, for a hundred thousand Pods. Labels are asked for in key order,
 * so a /24's come one after another and mostly need no lookup at all.
 */
function dashedQuads(): (quad: string, key: number) => string {
	const heads = new Map<number, string>();
	let top = -1;
	let head = '';
	return (quad, key) => {
		const last = key % 256;
		if ((key - last) / 256 !== top) {
			top = (key - last) / 256;
			let known = heads.get(top);
			if (known === undefined) heads.set(top, (known = `${quad.slice(0, quad.lastIndexOf('.')).replaceAll('.', '-')}-`));
			head = known;
		}
		return head + OCTET_TEXTS[last]!;
	};
}

/**
 * plugin/backend_lookup.go SRV: every msg.Service the lookup returned counts 100 towards its
 * priority's total (all have priority 0 here, port-less ones included), and each record's weight
 * is floor(100 / total × 100), at least 1. So one target gets 100, two get 50 each, six get 16
 * (handler_test.go "_http._tcp.hdls1": 0 16 80).
 */
export function srvWeight(entries: number): number {
	if (entries <= 0) return 100;
	const w = Math.floor((100 / (entries * 100)) * 100);
	return w === 0 ? 1 : w;
}

/** kubeadm GetDNSIP: the 10th address of the (first) service CIDR, kubelet's clusterDNS. */
export function clusterDnsIP(cluster: Cluster): string {
	const cidr = parseCIDR(cluster.settings?.serviceCIDRs?.[0] ?? '');
	if (!cidr) return '10.96.0.10';
	return formatIP(nthIP(cidr, 10n));
}

/** The cluster domain as CoreDNS holds its zone: lowercase, no trailing dot. */
export function clusterZone(cluster: Cluster): string {
	const zone = lower(String(cluster.settings?.clusterDomain ?? '')).replace(/\.+$/, '');
	return zone === '' ? 'cluster.local' : zone;
}

function sanitize(dns: DnsSettings | undefined): DnsSettings {
	const ttl = typeof dns?.ttl === 'number' && Number.isFinite(dns.ttl) && dns.ttl >= 0 ? Math.floor(dns.ttl) : DEFAULT_DNS.ttl;
	const pods = dns?.pods === 'verified' || dns?.pods === 'disabled' || dns?.pods === 'insecure' ? dns.pods : DEFAULT_DNS.pods;
	return { ttl, pods };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/*
 * A note on loops. Those that run once per Pod, Service or address (here and in `dnsRecords`) are
 * indexed, and Maps are walked with forEach: until V8 has optimized a function, each step of a
 * for-of loop allocates an iterator result, and one `dnsRecords` call on a large cluster runs
 * mostly unoptimized (100,000 Pods walked with for-of: about 8 MB of garbage, and as much time
 * again).
 */

const cache = new WeakMap<Cluster, { ttl: number; pods: string; index: DnsIndex }>();

/**
 * What CoreDNS's informers hold for `cluster`, indexed as the plugin looks it up. Cached per
 * cluster object and settings, so many queries against one cluster cost one pass over it.
 */
export function dnsIndex(cluster: Cluster, settings: DnsSettings = DEFAULT_DNS): DnsIndex {
	const { ttl, pods } = sanitize(settings);
	const hit = typeof cluster === 'object' && cluster !== null ? cache.get(cluster) : undefined;
	if (hit && hit.ttl === ttl && hit.pods === pods) return hit.index;
	const index = buildIndex(cluster ?? ({} as Cluster), ttl, pods);
	if (typeof cluster === 'object' && cluster !== null) cache.set(cluster, { ttl, pods, index });
	return index;
}

function buildIndex(cluster: Cluster, ttl: number, pods: DnsSettings['pods']): DnsIndex {
	const zone = clusterZone(cluster);
	const services = new Map<string, ServiceModel[]>();
	const serviceByIP = new Map<string, ServiceModel>();
	const list = cluster.services ?? [];
	for (let i = 0; i < list.length; i++) {
		const svc = list[i]!;
		push(services, `${lower(svc.name)}.${lower(svc.namespace)}`, svc);
		if (svc.type === 'ExternalName' || svc.headless) continue;
		const ips = svc.clusterIPs ?? [];
		for (let j = 0; j < ips.length; j++) {
			const key = canonicalAddress(ips[j]!);
			if (key !== undefined && !serviceByIP.has(key)) serviceByIP.set(key, svc);
		}
	}

	// ns.go nsAddrs: CoreDNS finds its own Pod among the endpoints and answers with the
	// ClusterIPs of the Service in front of it (kube-dns). Without that Service in the input, the
	// address kubeadm gives it: the 10th of the service CIDR.
	const kubeDns = services.get('kube-dns.kube-system')?.find((s) => !s.headless && (s.clusterIPs ?? []).length > 0);
	const nameservers = kubeDns ? kubeDns.clusterIPs.map((ip) => canonicalAddress(ip) ?? ip) : [clusterDnsIP(cluster)];

	return { zone, zones: [zone, ...REVERSE_ZONES], ttl, pods, services, serviceByIP, nameservers, podList: cluster.pods ?? [], source: cluster };
}

const subsetCache = new WeakMap<DnsIndex, Map<string, DnsSubset[]>>();

/** `<service>.<namespace>` (lowercase) → its EndpointSlices (object.EndpointsKey). Built on first use. */
export function subsetIndex(ix: DnsIndex): Map<string, DnsSubset[]> {
	let map = subsetCache.get(ix);
	if (!map) {
		map = new Map();
		for (const slice of ix.source.endpointSlices ?? []) {
			// CoreDNS reads addressType FQDN slices too, but the EndpointSlice controller never makes
			// them and their "addresses" are names, not IPs; they are left out here.
			if (slice.addressType === 'FQDN') continue;
			const ports: readonly DnsPort[] =
				(slice.ports ?? []).length === 0 ? NO_PORTS : slice.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? '' }));
			const subset: DnsSubset = { service: slice.serviceName ?? '', namespace: slice.namespace, ports, endpoints: slice.endpoints ?? [] };
			push(map, `${lower(slice.serviceName ?? '')}.${lower(slice.namespace)}`, subset);
		}
		subsetCache.set(ix, map);
	}
	return map;
}

const namespaceCache = new WeakMap<DnsIndex, Set<string>>();

/**
 * Whether a namespace (lowercase) exists, for namespace.go namespaceExposed: it is in the input,
 * or some object is in it, or it is a system namespace. Built on first use.
 */
export function namespaceExists(ix: DnsIndex, namespace: string): boolean {
	let set = namespaceCache.get(ix);
	if (!set) {
		const { source } = ix;
		set = new Set(SYSTEM_NAMESPACES);
		for (const ns of source.namespaces ?? []) set.add(lower(ns));
		for (const svc of source.services ?? []) set.add(lower(svc.namespace));
		for (const slice of source.endpointSlices ?? []) set.add(lower(slice.namespace));
		let last = '';
		for (const pod of source.pods ?? []) {
			if (pod.namespace === last) continue;
			last = pod.namespace;
			set.add(lower(last));
		}
		namespaceCache.set(ix, set);
	}
	return set.has(namespace);
}

const endpointPtrCache = new WeakMap<DnsIndex, Map<string, string[]>>();

/**
 * reverse.go serviceRecordForIP, the endpoints half: for an address, one PTR target per ready
 * slice address that has it, whichever Service the slice belongs to (headless or not):
 * `<hostname>.<service>.<ns>.svc.<zone>.`. Built on first use (epIPIndex).
 */
export function endpointPtrTargets(ix: DnsIndex, canonicalIP: string): string[] {
	let map = endpointPtrCache.get(ix);
	if (!map) {
		map = new Map();
		for (const list of subsetIndex(ix).values()) {
			for (const s of list) {
				if (s.service === '') continue;
				for (const a of readyAddresses(s)) push(map, a.text, `${labelOf(a)}.${s.service}.${s.namespace}.svc.${ix.zone}.`);
			}
		}
		endpointPtrCache.set(ix, map);
	}
	return map.get(canonicalIP) ?? [];
}

const verifiedCache = new WeakMap<DnsIndex, Map<string, string[]>>();

/**
 * `pods verified` (kubernetes.go findPods, object/pod.go ToPod): the namespaces (lowercase) of
 * the Pods whose status.podIP (the first Pod IP) is exactly `ip`, leaving out Pods that were
 * already terminating when CoreDNS first saw them. Built on first use (podIPIndex).
 */
export function verifiedPodNamespaces(ix: DnsIndex, ip: string): string[] {
	let map = verifiedCache.get(ix);
	if (!map) {
		map = new Map();
		for (const pod of ix.podList) {
			const primary = pod.podIPs?.[0];
			if (primary && !pod.terminating) push(map, primary, lower(pod.namespace));
		}
		verifiedCache.set(ix, map);
	}
	return map.get(ip) ?? [];
}

const rr = (name: string, ttl: number, type: ResourceRecord['type'], data: string): ResourceRecord => ({ name, ttl, class: 'IN', type, data });

const eqFold = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();

/**
 * Every record of the cluster zone for the model, in canonical DNS name order (RFC 4034 6.1:
 * names compared label by label from the right, so the reverse zones come before
 * `cluster.local` and each Service's records sit together), then by type (A, AAAA, CNAME, PTR,
 * SRV, TXT), then by data. The data is what a query for that name and type gets back (so SRV
 * weights are a query's, see `srvWeight`; a zone transfer, xfr.go, writes 100 for ClusterIP
 * Services).
 *
 * The names are those of the specification (2.2 dns-version, 2.3 ClusterIP A/AAAA, SRV and PTR,
 * 2.4 headless A/AAAA, endpoint hostnames, SRV and PTR, 2.5 ExternalName CNAME) plus what
 * CoreDNS itself lists when it transfers the zone (xfr.go transferServices): `ns.dns.<zone>`
 * (ns.go: the cluster DNS Service's address) and SRV at `<svc>.<ns>.svc.<zone>` itself (all
 * ports, named or not: "for peer-finder"; for headless Services too, which a query answers
 * though xfr.go leaves it out). Pod records `<a-b-c-d>.<ns>.pod.<zone>`: in `insecure` mode
 * CoreDNS answers any address-shaped name in an existing namespace; listed here are the model's
 * Pods (every Pod IP). In `verified` mode only Pods that exist answer: every Pod of the model
 * exists, but CoreDNS indexes only status.podIP (the first Pod IP) and ignores Pods already
 * terminating. `disabled`: none.
 *
 * CoreDNS answers some names that are in neither list, and `answer()` answers them too: an
 * endpoint name under a ClusterIP Service (`10-244-0-5.web.shop.svc.cluster.local`;
 * findServices: `svc.Headless() || r.endpoint != ""`; kubernetes_test.go TestServices
 * "ep1a.svc1.testns..."), the PTR of such an endpoint's address (reverse.go serviceRecordForIP
 * reads every EndpointSlice), and SRV at an endpoint name.
 */
export function dnsRecords(cluster: Cluster, dns: DnsSettings = DEFAULT_DNS): ResourceRecord[] {
	const ix = dnsIndex(cluster, dns);
	const parts: { zone: string; emit: (out: ResourceRecord[]) => void }[] = [
		{ zone: ix.zone, emit: (out) => clusterZoneRecords(out, ix) },
		{ zone: 'in-addr.arpa', emit: (out) => ptrRecords(out, ix, 4) },
		{ zone: 'ip6.arpa', emit: (out) => ptrRecords(out, ix, 6) },
	];
	parts.sort((a, b) => compareNames(a.zone, b.zone));
	const out: ResourceRecord[] = [];
	for (const part of parts) part.emit(out);
	return out;
}

/** RFC 4034 6.1 canonical order of two names (trailing dot optional), case-insensitive. */
export function compareNames(a: string, b: string): number {
	const la = lower(a).replace(/\.$/, '').split('.').reverse();
	const lb = lower(b).replace(/\.$/, '').split('.').reverse();
	for (let i = 0; i < Math.min(la.length, lb.length); i++) {
		if (la[i] !== lb[i]) return la[i]! < lb[i]! ? -1 : 1;
	}
	return la.length - lb.length;
}

const TYPE_ORDER: Record<ResourceRecord['type'], number> = { A: 0, AAAA: 1, CNAME: 2, PTR: 3, SRV: 4, TXT: 5 };

/** The order `dnsRecords` lists records in: canonical name order, type, data. */
export function compareRecords(a: ResourceRecord, b: ResourceRecord): number {
	return compareNames(a.name, b.name) || TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || (a.data < b.data ? -1 : a.data > b.data ? 1 : 0);
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A and AAAA records at one name: A first, each by its text, duplicates dropped. */
function emitAddresses(out: ResourceRecord[], owner: string, ttl: number, texts: string[]): void {
	if (texts.length > 1) texts.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')) || byString(a, b));
	for (let i = 0; i < texts.length; i++) {
		if (i > 0 && texts[i] === texts[i - 1]) continue;
		out.push(rr(owner, ttl, recordType(texts[i]!), texts[i]!));
	}
}

/** SRV records at one name, by data, duplicates dropped (backend_lookup.go SRV keeps one per target and port). */
function emitSrv(out: ResourceRecord[], owner: string, ttl: number, data: string[]): void {
	if (data.length > 1) data.sort(byString);
	for (let i = 0; i < data.length; i++) {
		if (i > 0 && data[i] === data[i - 1]) continue;
		out.push(rr(owner, ttl, 'SRV', data[i]!));
	}
}

/** PTR records of one family. A ClusterIP names its Service; any other address, each ready endpoint that has it. */
function ptrRecords(out: ResourceRecord[], ix: DnsIndex, family: 4 | 6): void {
	const ips: string[] = [];
	const targets: string[] = [];
	// forEach and indexed loops (see the note on loops above `dnsIndex`).
	ix.serviceByIP.forEach((svc, ip) => {
		if (familyOfIP(ip) !== family) return;
		ips.push(ip);
		targets.push(`${svc.name}.${svc.namespace}.svc.${ix.zone}.`);
	});
	// Spec 2.4.3: the ready endpoints of headless Services.
	ix.services.forEach((list, key) => {
		if (!list.some(isHeadless)) return;
		for (const s of subsetIndex(ix).get(key) ?? []) {
			for (const a of readyAddresses(s)) {
				const ip = a.text;
				if (familyOfIP(ip) !== family || ix.serviceByIP.has(ip)) continue;
				ips.push(ip);
				targets.push(`${labelOf(a)}.${s.service}.${s.namespace}.svc.${ix.zone}.`);
			}
		}
	});
	// ip6.arpa labels are single nibbles, so there canonical order is the numeric one;
	// in-addr.arpa labels are decimal text, which quadKey orders.
	const order = family === 4 ? quadOrder(ips, targets) : ipv6Order(ips, targets);
	let prev = -1;
	let owner = '';
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const sameIP = prev >= 0 && ips[prev] === ips[i];
		if (sameIP && targets[prev] === targets[i]) continue;
		if (!sameIP) owner = reverseOf(ips[i]!) ?? '';
		if (owner) out.push(rr(owner, ix.ttl, 'PTR', targets[i]!));
		prev = i;
	}
}

const isHeadless = (svc: ServiceModel) => svc.headless && svc.type !== 'ExternalName';

/** Indices of PTR entries (dotted quads and their targets) by address, then target. */
function quadOrder(ips: readonly string[], targets: readonly string[]): ArrayLike<number> {
	const keys = ips.map(quadKey);
	const order = orderByKey(keys);
	if (!order) return Array.from({ length: ips.length }, (_, i) => i).sort((x, y) => keys[x]! - keys[y]! || byString(targets[x]!, targets[y]!));
	// An address several names have: those names by text.
	for (let i = 0; i < order.length; ) {
		let j = i + 1;
		while (j < order.length && keys[order[j]!] === keys[order[i]!]) j++;
		if (j - i > 1) order.subarray(i, j).sort((x, y) => byString(targets[x]!, targets[y]!));
		i = j;
	}
	return order;
}

/** Indices of PTR entries (IPv6 addresses and their targets) by address, then target. */
function ipv6Order(ips: readonly string[], targets: readonly string[]): ArrayLike<number> {
	const keys = ips.map((ip) => parseIP(ip)?.value ?? 0n);
	return Array.from({ length: ips.length }, (_, i) => i).sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : byString(targets[x]!, targets[y]!)));
}

/** The cluster zone: `ns.dns`, `dns-version`, then `pod`, then `svc` (their canonical order). */
function clusterZoneRecords(out: ResourceRecord[], ix: DnsIndex): void {
	const { zone, ttl } = ix;
	emitAddresses(
		out,
		`ns.dns.${zone}.`,
		ttl,
		ix.nameservers.map((ip) => canonicalAddress(ip)).filter((ip): ip is string => ip !== undefined),
	);
	out.push(rr(`dns-version.${zone}.`, DNS_VERSION_TTL, 'TXT', `"${DNS_SCHEMA_VERSION}"`));
	if (ix.pods !== 'disabled') podRecords(out, ix);

	// forEach and indexed loops (see the note on loops above `dnsIndex`).
	const byNamespace = new Map<string, { name: string; list: ServiceModel[] }[]>();
	ix.services.forEach((list, key) => {
		const dot = key.indexOf('.');
		push(byNamespace, key.slice(dot + 1), { name: key.slice(0, dot), list });
	});
	for (const namespace of [...byNamespace.keys()].sort()) {
		const services = byNamespace.get(namespace)!;
		services.sort((a, b) => byString(a.name, b.name));
		for (let i = 0; i < services.length; i++) {
			const { list } = services[i]!;
			if (list.length === 1) {
				serviceRecords(out, ix, list[0]!);
				continue;
			}
			// The same Service twice in the input: merge what each would answer.
			const group: ResourceRecord[] = [];
			for (const svc of list) serviceRecords(group, ix, svc);
			group.sort(compareRecords);
			for (let i = 0; i < group.length; i++) if (i === 0 || compareRecords(group[i - 1]!, group[i]!) !== 0) out.push(group[i]!);
		}
	}
}

/**
 * The Pod addresses of one namespace, for `podRecords`: parallel arrays rather than an object per
 * address, as there can be a hundred thousand of them.
 */
interface PodGroup {
	/** Each address as Go prints it. */
	texts: string[];
	/** Its `quadKey`; -1 for IPv6. */
	keys: number[];
	/** `.<ns>.pod.<zone>.`, with the namespace as that Pod spells it. */
	suffixes: string[];
}

/**
 * `<a-b-c-d>.<ns>.pod.<zone>` records, namespace by namespace (compared without case, so `Shop`
 * and `shop` are one name), labels in canonical order. The same address twice in a namespace is
 * one record: the first Pod's in input order.
 */
function podRecords(out: ResourceRecord[], ix: DnsIndex): void {
	const groups = new Map<string, PodGroup>();
	// Pods of a namespace usually come one after another, so the group and the name suffix are
	// looked up once per run of them, not once per Pod.
	let namespace = '';
	let group: PodGroup | undefined;
	let suffix = '';
	// Indexed loops (see the note on loops above `dnsIndex`).
	const pods = ix.podList;
	for (let p = 0; p < pods.length; p++) {
		const pod = pods[p]!;
		const ips = ix.pods === 'insecure' ? (pod.podIPs ?? []) : pod.terminating ? [] : (pod.podIPs ?? []).slice(0, 1);
		if (ips.length === 0) continue;
		if (group === undefined || pod.namespace !== namespace) {
			namespace = pod.namespace;
			suffix = `.${namespace}.pod.${ix.zone}.`;
			const name = lower(namespace);
			group = groups.get(name);
			if (!group) groups.set(name, (group = { texts: [], keys: [], suffixes: [] }));
		}
		for (let j = 0; j < ips.length; j++) {
			const ip = ips[j]!;
			let key = quadKey(ip);
			let text: string | undefined = ip;
			if (key < 0) {
				// Not already a canonical dotted quad: IPv6, an IPv4-mapped address, or not an address.
				text = canonicalAddress(ip);
				if (text === undefined) continue;
				key = familyOfIP(text) === 4 ? quadKey(text) : -1;
			}
			group.texts.push(text);
			group.keys.push(key);
			group.suffixes.push(suffix);
		}
	}
	const dashed = dashedQuads();
	for (const name of [...groups.keys()].sort()) {
		const group = groups.get(name)!;
		const { texts, keys, suffixes } = group;
		// The same address twice sorts together; the first is kept. For dotted quads the keys
		// (one-to-one with the text) are compared, cheaper than strings of equal length.
		let lastKey = -1;
		let lastText = '';
		const order = labelOrder(group);
		for (let k = 0; k < order.length; k++) {
			const i = order[k]!;
			const key = keys[i]!;
			const text = texts[i]!;
			if (key >= 0) {
				if (key === lastKey) continue;
				lastKey = key;
				out.push(rr(dashed(text, key) + suffixes[i], ix.ttl, 'A', text));
			} else {
				if (text === lastText) continue;
				lastText = text;
				out.push(rr(podLabel(text) + suffixes[i], ix.ttl, 'AAAA', text));
			}
		}
	}
}

/**
 * The indices of a group's addresses in the canonical order of their Pod labels, ties (the same
 * address) in input order. Different addresses never share a label, and for dotted quads
 * `quadKey` already orders the labels, so when every address is IPv4 no label is compared.
 */
function labelOrder({ texts, keys }: PodGroup): ArrayLike<number> {
	const order = keys.every((k) => k >= 0) ? orderByKey(keys) : undefined;
	if (order) return order;
	const labels = texts.map(podLabel);
	return Array.from({ length: keys.length }, (_, i) => i).sort((x, y) => byString(labels[x]!, labels[y]!) || x - y);
}

/** 2^21: `orderByKey` packs an index below this next to a 32-bit key in one exact double. */
const PACK = 2097152;

/**
 * The indices of `keys` (`quadKey`s, so below 2^32) in key order, ties in index order: one native
 * numeric sort of key × 2^21 + index (exact below 2^53) rather than a comparator, which for a
 * hundred thousand entries costs several times more. undefined when there are too many to pack.
 */
function orderByKey(keys: readonly number[]): Float64Array | undefined {
	const n = keys.length;
	if (n >= PACK) return undefined;
	const packed = new Float64Array(n);
	for (let i = 0; i < n; i++) packed[i] = keys[i]! * PACK + i;
	packed.sort();
	for (let i = 0; i < n; i++) packed[i] = packed[i]! % PACK;
	return packed;
}

interface Address {
	text: string;
	hostname: string;
	label: string;
	ports: readonly DnsPort[];
}

/**
 * One Service's records in canonical order: its own name (A/AAAA, SRV), then the names under it by
 * label: endpoint hostnames (A/AAAA, SRV) and `_<proto>` with `_<port>._<proto>` SRV names.
 */
function serviceRecords(out: ResourceRecord[], ix: DnsIndex, svc: ServiceModel): void {
	const owner = `${svc.name}.${svc.namespace}.svc.${ix.zone}.`;
	if (svc.type === 'ExternalName') {
		// findServices: a CNAME only when externalName is a name, not an address.
		const target = svc.externalName ?? '';
		if (target !== '' && hostType(target).type === 'CNAME') out.push(rr(owner, ix.ttl, 'CNAME', target.endsWith('.') ? target : `${target}.`));
	} else if (svc.headless) headlessRecords(out, ix, svc, owner);
	else clusterIPRecords(out, ix.ttl, svc, owner);
}

/** What CoreDNS keeps for a Service without ports (object/service.go): one port, -1. */
const NO_PORTS: readonly DnsPort[] = [{ name: '', port: -1, protocol: '' }];

/** An SRV record at `_<port>._<proto>.<service>`: the two labels (lowercase, `_` included) and the data. */
interface NamedSrv {
	proto: string;
	port: string;
	data: string;
}

/** Canonical order of NamedSrv records: `_<proto>` is the nearer label to the Service, so it sorts first. */
const byNamedSrv = (a: NamedSrv, b: NamedSrv) => byString(a.proto, b.proto) || byString(a.port, b.port) || byString(a.data, b.data);

/**
 * A ClusterIP Service's records, which do not depend on its endpoints: A/AAAA for its
 * ClusterIPs and SRV for its ports at its own name (every port, "for peer-finder"), then the
 * `_<port>._<proto>` names of its named ports (spec 2.3.2; unnamed ports have none). This is most
 * Services of a cluster, so it is written out without the headless path's maps.
 */
function clusterIPRecords(out: ResourceRecord[], ttl: number, svc: ServiceModel, owner: string): void {
	// Indexed loops (see the note on loops above `dnsIndex`).
	const ips: string[] = [];
	const clusterIPs = svc.clusterIPs ?? [];
	for (let i = 0; i < clusterIPs.length; i++) {
		const text = canonicalAddress(clusterIPs[i]!);
		if (text !== undefined) ips.push(text);
	}
	emitAddresses(out, owner, ttl, ips);
	if (ips.length === 0) return;
	const ports: readonly DnsPort[] = (svc.ports ?? []).length === 0 ? NO_PORTS : svc.ports;
	// Each port counts once per ClusterIP towards the weight (backend_lookup.go SRV).
	const weight = srvWeight(ports.length * ips.length);
	const srv: string[] = [];
	for (let i = 0; i < ports.length; i++) if (ports[i]!.port !== -1) srv.push(`0 ${weight} ${ports[i]!.port} ${owner}`);
	emitSrv(out, owner, ttl, srv);
	// A query at `_<port>._<proto>` matches every port with that name and protocol.
	const named: NamedSrv[] = [];
	for (let i = 0; i < ports.length; i++) {
		const p = ports[i]!;
		if (p.name === '' || p.port === -1) continue;
		let same = 1;
		if (ports.length > 1) {
			const key = portKey(p);
			same = ports.filter((q) => portKey(q) === key).length;
		}
		named.push({ proto: `_${lower(p.protocol)}`, port: `_${lower(p.name)}`, data: `0 ${srvWeight(same * ips.length)} ${p.port} ${owner}` });
	}
	if (named.length > 1) named.sort(byNamedSrv);
	for (let i = 0; i < named.length; i++) {
		const n = named[i]!;
		const prev = named[i - 1];
		if (prev && prev.proto === n.proto && prev.port === n.port && prev.data === n.data) continue;
		out.push(rr(`${n.port}.${n.proto}.${owner}`, ttl, 'SRV', n.data));
	}
}

/**
 * A headless Service's records, all from its ready endpoints: A/AAAA and SRV at its own name,
 * then, in label order, its endpoint names (spec 2.4.1) and `_<port>._<proto>` SRV names.
 */
function headlessRecords(out: ResourceRecord[], ix: DnsIndex, svc: ServiceModel, owner: string): void {
	const { ttl } = ix;
	const addresses: Address[] = [];
	let entries = 0;
	for (const s of subsetIndex(ix).get(`${lower(svc.name)}.${lower(svc.namespace)}`) ?? []) {
		for (const a of readyAddresses(s)) {
			const hostname = labelOf(a);
			addresses.push({ text: a.text, hostname, label: lower(hostname), ports: s.ports });
			entries += s.ports.length;
		}
	}

	// The Service's own name, and its named ports grouped by protocol label.
	const named = new Map<string, Map<string, string[]>>(); // `_proto` → `_port` → SRV data
	// Every ready address × every port of its slice (port -1 when it has none) is one entry of
	// the lookup; none at all means the name does not exist (spec 2.4.1: NXDOMAIN).
	if (entries > 0) {
		const weight = srvWeight(entries);
		emitAddresses(
			out,
			owner,
			ttl,
			addresses.map((a) => a.text),
		);
		const srv: string[] = [];
		for (const a of addresses) for (const p of a.ports) if (p.port !== -1) srv.push(`0 ${weight} ${p.port} ${a.hostname}.${owner}`);
		emitSrv(out, owner, ttl, srv);
		// `_<port>._<proto>`: the entries whose slice port has that name and protocol.
		const counts = new Map<string, number>();
		for (const a of addresses) for (const p of a.ports) if (p.name !== '' && p.port !== -1) counts.set(portKey(p), (counts.get(portKey(p)) ?? 0) + 1);
		for (const a of addresses) {
			for (const p of a.ports) {
				if (p.name === '' || p.port === -1) continue;
				addNamed(named, p, `0 ${srvWeight(counts.get(portKey(p))!)} ${p.port} ${a.hostname}.${owner}`);
			}
		}
	}

	// Endpoint names (spec 2.4.1): all addresses that share a hostname answer together
	// (handler_test.go "dup-name.hdls1": two A records).
	const children: string[] = [...named.keys()];
	addresses.sort((a, b) => byString(a.label, b.label));
	for (let i = 0; i < addresses.length; i++) if (addresses[i]!.label !== '' && (i === 0 || addresses[i - 1]!.label !== addresses[i]!.label)) children.push(addresses[i]!.label);
	children.sort(byString);
	let cursor = 0;
	for (const label of children) {
		const ports = named.get(label);
		if (ports) {
			for (const name of [...ports.keys()].sort()) emitSrv(out, `${name}.${label}.${owner}`, ttl, ports.get(name)!);
			continue;
		}
		while (addresses[cursor]!.label !== label) cursor++;
		let end = cursor;
		while (end < addresses.length && addresses[end]!.label === label) end++;
		emitAddresses(
			out,
			`${addresses[cursor]!.hostname}.${owner}`,
			ttl,
			addresses.slice(cursor, end).map((a) => a.text),
		);
		cursor = end;
	}
}

const portKey = (p: DnsPort) => `${lower(p.name)}\u0000${lower(p.protocol)}`;

function addNamed(named: Map<string, Map<string, string[]>>, p: DnsPort, data: string): void {
	const proto = `_${lower(p.protocol)}`;
	let ports = named.get(proto);
	if (!ports) named.set(proto, (ports = new Map()));
	push(ports, `_${lower(p.name)}`, data);
}
