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
 * query engine in resolve.ts and `dnsRecords` here both read it.
 */
import { formatIP, nthIP, parseCIDR, parseIP, reverseName } from './ip.ts';
import type { Cluster, PodModel, ServiceModel } from './types.ts';

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
	addresses: DnsEndpoint[];
	ports: DnsPort[];
}

export interface DnsIndex {
	/** The cluster domain: lowercase, no trailing dot. */
	zone: string;
	/** The plugin's zones: the cluster domain and the two reverse zones. */
	zones: string[];
	ttl: number;
	pods: DnsSettings['pods'];
	/** Existing namespaces, lowercase. */
	namespaces: Set<string>;
	/** `<name>.<namespace>` (lowercase) → Services (object.ServiceKey). */
	services: Map<string, ServiceModel[]>;
	/** `<service>.<namespace>` (lowercase) → its EndpointSlices (object.EndpointsKey). */
	subsets: Map<string, DnsSubset[]>;
	/** Canonical ClusterIP → the first Service that has it (svcIPIndex). */
	serviceByIP: Map<string, ServiceModel>;
	/** The cluster DNS Service's addresses (answers for `ns.dns.<zone>`). */
	nameservers: string[];
	/** The model's Pods, for Pod records. */
	podList: readonly PodModel[];
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

/** A dotted quad as Go's net.ParseIP takes it (no leading zeros), which is also how Go prints it. */
const V4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * What an address string is to CoreDNS (etcd/msg/type.go HostType, with Go's net.ParseIP):
 * an A or AAAA with its text as Go's net.IP.String prints it (what ip.ts formatIP prints; an
 * IPv4-mapped IPv6 address is an A record), or, when it does not parse, a name (CNAME).
 */
export function hostType(host: string): { type: 'A' | 'AAAA'; ip: string } | { type: 'CNAME' } {
	if (V4.test(host)) return { type: 'A', ip: host };
	const ip = parseIP(host);
	if (!ip) return { type: 'CNAME' };
	if (ip.family === 6 && ip.value >> 32n === 0xffffn) return { type: 'A', ip: formatIP({ family: 4, value: ip.value & 0xffffffffn }) };
	return { type: ip.family === 4 ? 'A' : 'AAAA', ip: formatIP(ip) };
}

/** The text of an address as Go prints it, or undefined when it is not an address. */
export function canonicalAddress(text: string): string | undefined {
	if (V4.test(text)) return text;
	const t = hostType(text);
	return t.type === 'CNAME' ? undefined : t.ip;
}

const recordType = (canonical: string): 'A' | 'AAAA' => (canonical.includes(':') ? 'AAAA' : 'A');

/** The in-addr.arpa / ip6.arpa name of a canonical address. */
function reverseOf(canonical: string): string | undefined {
	if (!canonical.includes(':')) {
		const [a, b, c, d] = canonical.split('.');
		return `${d}.${c}.${b}.${a}.in-addr.arpa.`;
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
	const subsets = new Map<string, DnsSubset[]>();
	const serviceByIP = new Map<string, ServiceModel>();
	const namespaces = new Set<string>(SYSTEM_NAMESPACES);
	for (const ns of cluster.namespaces ?? []) namespaces.add(lower(ns));

	for (const svc of cluster.services ?? []) {
		namespaces.add(lower(svc.namespace));
		push(services, `${lower(svc.name)}.${lower(svc.namespace)}`, svc);
		if (svc.type === 'ExternalName' || svc.headless) continue;
		for (const ip of svc.clusterIPs ?? []) {
			const key = canonicalAddress(ip);
			if (key !== undefined && !serviceByIP.has(key)) serviceByIP.set(key, svc);
		}
	}

	for (const slice of cluster.endpointSlices ?? []) {
		namespaces.add(lower(slice.namespace));
		// CoreDNS reads addressType FQDN slices too, but the EndpointSlice controller never makes
		// them and their "addresses" are names, not IPs; they are left out here.
		if (slice.addressType === 'FQDN') continue;
		const ports: DnsPort[] =
			(slice.ports ?? []).length === 0 ? [{ name: '', port: -1, protocol: '' }] : slice.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? '' }));
		const addresses: DnsEndpoint[] = [];
		for (const ep of slice.endpoints ?? []) {
			// object/endpoint.go: only endpoints whose `ready` condition is true (unset counts as
			// true) are kept. `serving` and `terminating` are not read: a terminating Pod drops out
			// because the EndpointSlice controller sets ready=false for it, unless the Service has
			// publishNotReadyAddresses, which makes every endpoint ready (endpointslice utils.go
			// podToEndpoint: ready = publishNotReadyAddresses || (serving && !terminating)).
			if (!ep.conditions?.ready) continue;
			for (const ip of ep.addresses ?? []) {
				if (canonicalAddress(ip) === undefined) continue;
				addresses.push(ep.hostname ? { ip, given: ep.hostname } : { ip });
			}
		}
		push(subsets, `${lower(slice.serviceName ?? '')}.${lower(slice.namespace)}`, { service: slice.serviceName ?? '', namespace: slice.namespace, addresses, ports });
	}

	let last = '';
	for (const pod of cluster.pods ?? []) {
		if (pod.namespace === last) continue;
		last = pod.namespace;
		namespaces.add(lower(last));
	}

	// ns.go nsAddrs: CoreDNS finds its own Pod among the endpoints and answers with the
	// ClusterIPs of the Service in front of it (kube-dns). Without that Service in the input, the
	// address kubeadm gives it: the 10th of the service CIDR.
	const kubeDns = services.get('kube-dns.kube-system')?.find((s) => !s.headless && (s.clusterIPs ?? []).length > 0);
	const nameservers = kubeDns ? kubeDns.clusterIPs.map((ip) => canonicalAddress(ip) ?? ip) : [clusterDnsIP(cluster)];

	return { zone, zones: [zone, ...REVERSE_ZONES], ttl, pods, namespaces, services, subsets, serviceByIP, nameservers, podList: cluster.pods ?? [] };
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
		for (const list of ix.subsets.values()) {
			for (const s of list) {
				if (s.service === '') continue;
				for (const a of s.addresses) push(map, canonicalAddress(a.ip)!, `${labelOf(a)}.${s.service}.${s.namespace}.svc.${ix.zone}.`);
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

/** Octet values ranked by their decimal text in string order ("0" < "1" < "10" < "100" < ... < "99"). */
const OCTET_RANK = (() => {
	const rank = new Int32Array(256);
	Array.from({ length: 256 }, (_, i) => String(i))
		.sort()
		.forEach((s, i) => {
			rank[Number(s)] = i;
		});
	return rank;
})();

/**
 * A number that orders dotted quads the way canonical DNS order orders their reverse names
 * (`d.c.b.a.in-addr.arpa`: label `a` first, compared as text) and their dashed Pod labels.
 * `ip` must be a canonical dotted quad.
 */
function v4Key(ip: string): number {
	let key = 0;
	let octet = 0;
	for (let i = 0; i < ip.length; i++) {
		const c = ip.charCodeAt(i);
		if (c === 46) {
			key = key * 256 + OCTET_RANK[octet]!;
			octet = 0;
		} else octet = octet * 10 + (c - 48);
	}
	return key * 256 + OCTET_RANK[octet]!;
}

/** PTR records of one family. A ClusterIP names its Service; any other address, each ready endpoint that has it. */
function ptrRecords(out: ResourceRecord[], ix: DnsIndex, family: 4 | 6): void {
	const ips: string[] = [];
	const targets: string[] = [];
	for (const [ip, svc] of ix.serviceByIP) {
		if ((family === 6) !== ip.includes(':')) continue;
		ips.push(ip);
		targets.push(`${svc.name}.${svc.namespace}.svc.${ix.zone}.`);
	}
	// Spec 2.4.3: the ready endpoints of headless Services.
	for (const [key, list] of ix.services) {
		if (!list.some((svc) => svc.headless && svc.type !== 'ExternalName')) continue;
		for (const s of ix.subsets.get(key) ?? []) {
			for (const a of s.addresses) {
				const ip = canonicalAddress(a.ip)!;
				if ((family === 6) !== ip.includes(':') || ix.serviceByIP.has(ip)) continue;
				ips.push(ip);
				targets.push(`${labelOf(a)}.${s.service}.${s.namespace}.svc.${ix.zone}.`);
			}
		}
	}
	const order = Array.from({ length: ips.length }, (_, i) => i);
	if (family === 4) {
		// ip6.arpa labels are single nibbles, so there canonical order is the numeric one;
		// in-addr.arpa labels are decimal text.
		const keys = ips.map(v4Key);
		order.sort((x, y) => keys[x]! - keys[y]! || byString(targets[x]!, targets[y]!));
	} else {
		const keys = ips.map((ip) => parseIP(ip)?.value ?? 0n);
		order.sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : byString(targets[x]!, targets[y]!)));
	}
	let prev = -1;
	let owner = '';
	for (const i of order) {
		const sameIP = prev >= 0 && ips[prev] === ips[i];
		if (sameIP && targets[prev] === targets[i]) continue;
		if (!sameIP) owner = reverseOf(ips[i]!) ?? '';
		if (owner) out.push(rr(owner, ix.ttl, 'PTR', targets[i]!));
		prev = i;
	}
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

	const byNamespace = new Map<string, { name: string; list: ServiceModel[] }[]>();
	for (const [key, list] of ix.services) push(byNamespace, key.slice(key.indexOf('.') + 1), { name: key.slice(0, key.indexOf('.')), list });
	for (const namespace of [...byNamespace.keys()].sort()) {
		const services = byNamespace.get(namespace)!;
		services.sort((a, b) => byString(a.name, b.name));
		for (const { list } of services) {
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

/** `<a-b-c-d>.<ns>.pod.<zone>` records, namespace by namespace, labels in canonical order. */
function podRecords(out: ResourceRecord[], ix: DnsIndex): void {
	const { zone, ttl } = ix;
	// Parallel arrays and one index sort: there can be a hundred thousand of these.
	const texts: string[] = [];
	const spaces: string[] = [];
	const keys: number[] = [];
	const rankOf = new Map<string, number>();
	for (const pod of ix.podList) {
		const ips = ix.pods === 'insecure' ? (pod.podIPs ?? []) : pod.terminating ? [] : (pod.podIPs ?? []).slice(0, 1);
		for (const ip of ips) {
			const text = canonicalAddress(ip);
			if (!text) continue;
			texts.push(text);
			spaces.push(pod.namespace);
			// Dashed IPv4 labels order like their octets' text, which v4Key captures; -1: compare labels.
			keys.push(text.includes(':') ? -1 : v4Key(text));
			rankOf.set(lower(pod.namespace), 0);
		}
	}
	[...rankOf.keys()].sort().forEach((ns, i) => rankOf.set(ns, i));
	const ranks = spaces.map((ns) => rankOf.get(lower(ns))!);
	const labels = texts.map(podLabel);
	const order = Array.from({ length: texts.length }, (_, i) => i);
	order.sort(
		(x, y) =>
			ranks[x]! - ranks[y]! ||
			(keys[x]! >= 0 && keys[y]! >= 0 ? keys[x]! - keys[y]! : byString(labels[x]!, labels[y]!)) ||
			byString(texts[x]!, texts[y]!),
	);
	let prev = -1;
	for (const i of order) {
		if (prev >= 0 && ranks[prev] === ranks[i] && texts[prev] === texts[i]) continue;
		out.push(rr(`${labels[i]}.${spaces[i]}.pod.${zone}.`, ttl, recordType(texts[i]!), texts[i]!));
		prev = i;
	}
}

interface Address {
	text: string;
	hostname: string;
	label: string;
	ports: DnsPort[];
}

/**
 * One Service's records in canonical order: its own name (A/AAAA, SRV), then the names under it by
 * label: endpoint hostnames (A/AAAA, SRV) and `_<proto>` with `_<port>._<proto>` SRV names.
 */
function serviceRecords(out: ResourceRecord[], ix: DnsIndex, svc: ServiceModel): void {
	const { zone, ttl } = ix;
	const owner = `${svc.name}.${svc.namespace}.svc.${zone}.`;
	if (svc.type === 'ExternalName') {
		// findServices: a CNAME only when externalName is a name, not an address.
		const target = svc.externalName ?? '';
		if (target !== '' && hostType(target).type === 'CNAME') out.push(rr(owner, ttl, 'CNAME', target.endsWith('.') ? target : `${target}.`));
		return;
	}
	// A ClusterIP Service's own records do not depend on its endpoints; a headless one's do.
	const addresses: Address[] = [];
	let entries = 0;
	if (svc.headless) {
		for (const s of ix.subsets.get(`${lower(svc.name)}.${lower(svc.namespace)}`) ?? []) {
			for (const a of s.addresses) {
				const hostname = labelOf(a);
				addresses.push({ text: canonicalAddress(a.ip)!, hostname, label: lower(hostname), ports: s.ports });
				entries += s.ports.length;
			}
		}
	}

	// The Service's own name, and its named ports grouped by protocol label.
	const named = new Map<string, Map<string, string[]>>(); // `_proto` → `_port` → SRV data
	if (svc.headless) {
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
	} else {
		const ports: DnsPort[] = (svc.ports ?? []).length === 0 ? [{ name: '', port: -1, protocol: '' }] : svc.ports;
		const ips = (svc.clusterIPs ?? []).map((ip) => canonicalAddress(ip)).filter((ip): ip is string => ip !== undefined);
		emitAddresses(out, owner, ttl, ips);
		if (ips.length > 0) {
			const weight = srvWeight(ports.length * ips.length);
			emitSrv(
				out,
				owner,
				ttl,
				ports.filter((p) => p.port !== -1).map((p) => `0 ${weight} ${p.port} ${owner}`),
			);
			for (const p of ports) {
				if (p.name === '' || p.port === -1) continue; // spec 2.3.2: unnamed ports have no SRV record
				const same = ports.filter((q) => portKey(q) === portKey(p)).length;
				addNamed(named, p, `0 ${srvWeight(same * ips.length)} ${p.port} ${owner}`);
			}
		}
	}

	// Endpoint names of a headless Service (spec 2.4.1): all addresses that share a hostname
	// answer together (handler_test.go "dup-name.hdls1": two A records).
	const children: string[] = [...named.keys()];
	if (svc.headless) {
		addresses.sort((a, b) => byString(a.label, b.label));
		for (let i = 0; i < addresses.length; i++) if (addresses[i]!.label !== '' && (i === 0 || addresses[i - 1]!.label !== addresses[i]!.label)) children.push(addresses[i]!.label);
	}
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
