/**
 * answer(): one query as CoreDNS's kubernetes plugin answers it, with the cases of its own tests
 * (coredns/coredns plugin/kubernetes handler_test.go, handler_case_test.go, reverse_test.go,
 * kubernetes_test.go, handler_pod_*_test.go). resolve(): the walk a Pod's resolver makes through
 * the search list kubelet writes (pkg/kubelet/network/dns/dns.go; glibc res_query.c
 * __res_context_search; musl lookup_name.c name_from_dns_search).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DNS, dnsIndex, type DnsSettings, type ResourceRecord } from '../../../src/k8s/dns.ts';
import { type Answer, answer, type QType, resolve } from '../../../src/k8s/resolve.ts';
import type { Cluster } from '../../../src/k8s/types.ts';
import { cluster, headless, pod, slice, svc } from './dns-fixtures.ts';

const line = (r: ResourceRecord) => `${r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`;
/** An answer as "RCODE" followed by its records as zone-file lines, sorted (CoreDNS's loadbalance plugin shuffles them). */
const show = (a: Answer) => [a.status, ...a.answer.map(line).sort()];

// CoreDNS's own tests run with ttl 5 (its default) and pods disabled.
const COREDNS_TEST: DnsSettings = { ttl: 5, pods: 'disabled' };

/** handler_test.go svcIndex / epsIndex: the "testns" fixtures. */
function handlerTestCluster(): Cluster {
	return cluster({
		services: [
			svc('testns', 'svc1', { clusterIPs: ['10.0.0.1'], portList: [['http', 80]] }),
			svc('testns', 'svcempty', { clusterIPs: ['10.0.0.1'], portList: [['http', 80]] }),
			svc('testns', 'svc6', { clusterIPs: ['1234:abcd::1'], portList: [['http', 80]] }),
			headless('testns', 'hdls1'),
			svc('testns', 'external', { type: 'ExternalName', externalName: 'ext.interwebs.test', portList: [['http', 80]] }),
			svc('testns', 'external-to-service', { type: 'ExternalName', externalName: 'svc1.testns.svc.cluster.local.', portList: [['http', 80]] }),
			headless('testns', 'hdlsprtls'),
			svc('testns', 'svc-dual-stack', { clusterIPs: ['10.0.0.3', '10::3'], portList: [['http', 80]] }),
		],
		slices: [
			slice('testns', 'svc1', [['http', 80]], [{ ip: '172.0.0.1', hostname: 'ep1a' }]),
			slice('testns', 'svcempty', [['http', 80]], []),
			slice('testns', 'hdls1', [['http', 80]], [{ ip: '172.0.0.2' }, { ip: '172.0.0.3' }, { ip: '172.0.0.4', hostname: 'dup-name' }, { ip: '172.0.0.5', hostname: 'dup-name' }]),
			slice('testns', 'hdls1', [['http', 80]], [{ ip: '5678:abcd::1' }, { ip: '5678:abcd::2' }]),
			slice('testns', 'hdlsprtls', [], [{ ip: '172.0.0.20' }]),
		],
	});
}

const ask = (c: Cluster, dns: DnsSettings, name: string, type: QType) => show(answer(dnsIndex(c, dns), name, type));

// ------------------------------------------------------------------ answer()

describe('answer: handler_test.go TestServeDNS', () => {
	const c = handlerTestCluster();
	const cases: [string, QType, string[]][] = [
		['svc1.testns.svc.cluster.local.', 'A', ['NOERROR', 'svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1']],
		['svcempty.testns.svc.cluster.local.', 'A', ['NOERROR', 'svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1']],
		['svc1.testns.svc.cluster.local.', 'SRV', ['NOERROR', 'svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.']],
		['svc6.testns.svc.cluster.local.', 'SRV', ['NOERROR', 'svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.']],
		['_http._tcp.svc1.testns.svc.cluster.local.', 'SRV', ['NOERROR', '_http._tcp.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.']],
		['_http._tcp.svcempty.testns.svc.cluster.local.', 'SRV', ['NOERROR', '_http._tcp.svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.']],
		[
			'hdls1.testns.svc.cluster.local.',
			'A',
			[
				'NOERROR',
				'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2',
				'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3',
				'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4',
				'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5',
			],
		],
		['hdlsprtls.testns.svc.cluster.local.', 'A', ['NOERROR', 'hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20']],
		// "AAAA Service (with an existing A record, but no AAAA record)": NOERROR, no data
		['svc1.testns.svc.cluster.local.', 'AAAA', ['NOERROR']],
		['svc0.testns.svc.cluster.local.', 'AAAA', ['NXDOMAIN']],
		['svc0.testns.svc.cluster.local.', 'A', ['NXDOMAIN']],
		// "A Service (non-existing namespace)"
		['svc0.svc-nons.svc.cluster.local.', 'A', ['NXDOMAIN']],
		['dns-version.cluster.local.', 'TXT', ['NOERROR', 'dns-version.cluster.local. 28800 IN TXT "1.1.0"']],
		// "A TXT record does not exist but another record for the same FQDN does"
		['svc1.testns.svc.cluster.local.', 'TXT', ['NOERROR']],
		['svc0.svc-nons.svc.cluster.local.', 'TXT', ['NXDOMAIN']],
		['bogusendpoint.hdls1.testns.svc.cluster.local.', 'A', ['NXDOMAIN']],
		['bogusendpoint.svc0.testns.svc.cluster.local.', 'A', ['NXDOMAIN']],
		['svc6.testns.svc.cluster.local.', 'AAAA', ['NOERROR', 'svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1']],
		['_http._tcp.svc6.testns.svc.cluster.local.', 'SRV', ['NOERROR', '_http._tcp.svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.']],
		['hdls1.testns.svc.cluster.local.', 'AAAA', ['NOERROR', 'hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1', 'hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2']],
		// empty non-terminals that exist: NOERROR, no data
		['svc.cluster.local.', 'A', ['NOERROR']],
		['pod.cluster.local.', 'A', ['NOERROR']],
		['testns.svc.cluster.local.', 'A', ['NOERROR']],
		['svc-dual-stack.testns.svc.cluster.local.', 'A', ['NOERROR', 'svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3']],
		['svc-dual-stack.testns.svc.cluster.local.', 'AAAA', ['NOERROR', 'svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3']],
		['svc-dual-stack.testns.svc.cluster.local.', 'SRV', ['NOERROR', 'svc-dual-stack.testns.svc.cluster.local. 5 IN SRV 0 50 80 svc-dual-stack.testns.svc.cluster.local.']],
		// kubernetes_apex_test.go TestServeDNSApex: the zone itself is NOERROR with no data
		['cluster.local.', 'A', ['NOERROR']],
		['cluster.local.', 'AAAA', ['NOERROR']],
		['cluster.local.', 'SRV', ['NOERROR']],
		// "A query for a subdomain of an external service should not resolve to the external service"
		['endpoint.external.testns.svc.cluster.local.', 'CNAME', ['NXDOMAIN']],
		['subdomain.subdomain.external.testns.svc.cluster.local.', 'CNAME', ['NXDOMAIN']],
		// dnsTestCases
		[
			'_http._tcp.hdls1.testns.svc.cluster.local.',
			'SRV',
			[
				'NOERROR',
				'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-2.hdls1.testns.svc.cluster.local.',
				'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-3.hdls1.testns.svc.cluster.local.',
				'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--1.hdls1.testns.svc.cluster.local.',
				'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--2.hdls1.testns.svc.cluster.local.',
				'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.cluster.local.',
			],
		],
		['5678-abcd--2.hdls1.testns.svc.cluster.local', 'AAAA', ['NOERROR', '5678-abcd--2.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2']],
		['172-0-0-20.hdlsprtls.testns.svc.cluster.local.', 'A', ['NOERROR', '172-0-0-20.hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20']],
		['172-0-0-2.hdls1.testns.svc.cluster.local.', 'A', ['NOERROR', '172-0-0-2.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2']],
		['dup-name.hdls1.testns.svc.cluster.local.', 'A', ['NOERROR', 'dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4', 'dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5']],
		['external.testns.svc.cluster.local.', 'CNAME', ['NOERROR', 'external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test.']],
		// "CNAME External To Internal Service": the CNAME and the target's A record
		[
			'external-to-service.testns.svc.cluster.local',
			'A',
			['NOERROR', 'external-to-service.testns.svc.cluster.local. 5 IN CNAME svc1.testns.svc.cluster.local.', 'svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1'],
		],
	];
	for (const [name, type, expected] of cases) {
		it(`${name} ${type} → ${expected[0]}${expected.length > 1 ? ` (${expected.length - 1})` : ''}`, () => {
			expect(ask(c, COREDNS_TEST, name, type)).toEqual(expected);
		});
	}

	it('answers an ExternalName A query with its CNAME and asks upstream for the target', () => {
		// handler_test.go "CNAME External": CoreDNS's Upstream lookup appends the target's records
		// (there, ext.interwebs.test. A 1.2.3.4 from a stub); the engine names that lookup.
		const a = answer(dnsIndex(c, COREDNS_TEST), 'external.testns.svc.cluster.local.', 'A');
		expect(show(a)).toEqual(['NOERROR', 'external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test.']);
		expect(a.upstream).toEqual({ name: 'ext.interwebs.test.', type: 'A' });
	});

	it('answers an endpoint name under a ClusterIP Service (kubernetes_test.go TestServices "ep1a.svc1")', () => {
		// findServices: `svc.Headless() || r.endpoint != ""`
		expect(ask(c, COREDNS_TEST, 'ep1a.svc1.testns.svc.cluster.local.', 'A')).toEqual(['NOERROR', 'ep1a.svc1.testns.svc.cluster.local. 5 IN A 172.0.0.1']);
		expect(ask(c, COREDNS_TEST, 'ep1a.svc1.testns.svc.cluster.local.', 'SRV')).toEqual(['NOERROR', 'ep1a.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 ep1a.svc1.testns.svc.cluster.local.']);
	});
});

describe('answer: NXDOMAIN or NOERROR with no data', () => {
	const c = handlerTestCluster();

	it('TXT at an existing namespace name is NXDOMAIN while A there is NOERROR', () => {
		// kubernetes.go Services TXT branch: NOERROR only if Records finds something at the name.
		expect(ask(c, COREDNS_TEST, 'testns.svc.cluster.local.', 'A')).toEqual(['NOERROR']);
		expect(ask(c, COREDNS_TEST, 'testns.svc.cluster.local.', 'TXT')).toEqual(['NXDOMAIN']);
	});

	it('a namespace that exists but has nothing in it is NOERROR; one that does not exist is NXDOMAIN', () => {
		// namespace.go namespaceExposed → GetNamespaceByName; findServices "NODATA" for an empty service name
		const withNs = cluster({ namespaces: ['empty'] });
		expect(ask(withNs, DEFAULT_DNS, 'empty.svc.cluster.local.', 'A')).toEqual(['NOERROR']);
		expect(ask(withNs, DEFAULT_DNS, 'missing.svc.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
		// kube-public always exists (the apiserver's system namespaces)
		expect(ask(withNs, DEFAULT_DNS, 'kube-public.svc.cluster.local.', 'A')).toEqual(['NOERROR']);
	});

	it('names the plugin cannot parse are NXDOMAIN (handler_test.go NS "foo.cluster.local.")', () => {
		expect(ask(c, COREDNS_TEST, 'foo.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
		expect(ask(c, COREDNS_TEST, 'a.b._http._tcp.svc1.testns.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN']);
		// dns-version has a TXT record only: its A query does not parse
		expect(ask(c, COREDNS_TEST, 'dns-version.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
	});

	it('_tcp under a Service is NXDOMAIN: parse.go reads it as an endpoint named "_tcp"', () => {
		expect(ask(c, COREDNS_TEST, '_tcp.svc1.testns.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN']);
	});

	it('an SRV query for a port name the Service does not have is NXDOMAIN', () => {
		expect(ask(c, COREDNS_TEST, '_https._tcp.svc1.testns.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN']);
		expect(ask(c, COREDNS_TEST, '_http._udp.svc1.testns.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN']);
	});

	it('a Service without ports is NOERROR with no data for SRV (its port -1 sentinel is skipped)', () => {
		expect(ask(c, COREDNS_TEST, 'hdlsprtls.testns.svc.cluster.local.', 'SRV')).toEqual(['NOERROR']);
	});

	it('a headless Service with no ready endpoint is NXDOMAIN (spec 2.4.1)', () => {
		const h = cluster({ services: [headless('db', 'pg', { portList: [['pg', 5432]] })], slices: [slice('db', 'pg', [['pg', 5432]], [{ ip: '10.244.1.7', ready: false }])] });
		expect(ask(h, DEFAULT_DNS, 'pg.db.svc.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
		expect(ask(h, DEFAULT_DNS, 'pg.db.svc.cluster.local.', 'TXT')).toEqual(['NXDOMAIN']);
	});

	it('an ExternalName Service: SRV is no data, TXT is no data, and an address externalName is NXDOMAIN', () => {
		// kubernetes.go Services: "SRV for external services is not yet implemented"
		expect(ask(c, COREDNS_TEST, 'external.testns.svc.cluster.local.', 'SRV')).toEqual(['NOERROR']);
		expect(ask(c, COREDNS_TEST, 'external.testns.svc.cluster.local.', 'TXT')).toEqual(['NOERROR']);
		expect(ask(c, COREDNS_TEST, '_http._tcp.external.testns.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN']);
		const ip = cluster({ services: [svc('shop', 'legacy', { type: 'ExternalName', externalName: '192.0.2.10' })] });
		expect(ask(ip, DEFAULT_DNS, 'legacy.shop.svc.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
	});

	it('an ExternalName pointing at a cluster name that does not exist answers nothing, not even the CNAME', () => {
		// backend_lookup.go A: the CNAME is added only with the target's records.
		const dangling = cluster({ services: [svc('shop', 'alias', { type: 'ExternalName', externalName: 'gone.shop.svc.cluster.local' })] });
		expect(ask(dangling, DEFAULT_DNS, 'alias.shop.svc.cluster.local.', 'A')).toEqual(['NOERROR']);
		expect(ask(dangling, DEFAULT_DNS, 'alias.shop.svc.cluster.local.', 'CNAME')).toEqual(['NOERROR', 'alias.shop.svc.cluster.local. 30 IN CNAME gone.shop.svc.cluster.local.']);
	});

	it('wildcards are ordinary labels: CoreDNS 1.9.0 removed wildcard queries', () => {
		// notes/coredns-1.9.0.md "Wildcard queries are no longer supported by the kubernetes plugin"
		expect(ask(c, COREDNS_TEST, '*.testns.svc.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
		expect(ask(c, COREDNS_TEST, 'svc1.*.svc.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
		expect(ask(c, COREDNS_TEST, '_http._tcp.*.testns.svc.cluster.local.', 'SRV')).toEqual(['NXDOMAIN']);
	});

	it('names outside the cluster zone are forwarded upstream', () => {
		expect(ask(c, COREDNS_TEST, 'example.com.', 'A')).toEqual(['FORWARDED']);
		expect(ask(c, COREDNS_TEST, 'cluster.local.example.com.', 'A')).toEqual(['FORWARDED']);
	});

	it('ns.dns.<zone> is the cluster DNS Service address (ns.go isDefaultNS)', () => {
		expect(ask(cluster({}), DEFAULT_DNS, 'ns.dns.cluster.local.', 'A')).toEqual(['NOERROR', 'ns.dns.cluster.local. 30 IN A 10.96.0.10']);
		expect(ask(cluster({}), DEFAULT_DNS, 'ns.dns.cluster.local.', 'AAAA')).toEqual(['NOERROR']);
	});
});

describe('answer: case (handler_case_test.go TestPreserveCase)', () => {
	const c = handlerTestCluster();
	it('matches names case-insensitively and answers in the case of the question', () => {
		expect(ask(c, COREDNS_TEST, 'not-a-service.testns.svc.ClUsTeR.lOcAl.', 'A')).toEqual(['NXDOMAIN']);
		expect(ask(c, COREDNS_TEST, 'SvC1.TeStNs.SvC.cLuStEr.LoCaL.', 'A')).toEqual(['NOERROR', 'SvC1.TeStNs.SvC.cLuStEr.LoCaL. 5 IN A 10.0.0.1']);
		// the SRV target is built from the objects' names and the zone as the question spelled it
		expect(ask(c, COREDNS_TEST, '_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL.', 'SRV')).toEqual(['NOERROR', '_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL. 5 IN SRV 0 100 80 svc1.testns.svc.cLuStEr.LoCaL.']);
		expect(ask(c, COREDNS_TEST, 'DNS-VERSION.CLUSTER.LOCAL', 'TXT')).toEqual(['NOERROR', 'DNS-VERSION.CLUSTER.LOCAL. 28800 IN TXT "1.1.0"']);
	});
});

describe('answer: PTR (reverse_test.go TestReverse)', () => {
	const c = cluster({
		services: [svc('testns', 'svc1', { clusterIPs: ['192.168.1.100'], portList: [['http', 80]] })],
		slices: [
			slice('testns', 'svc1', [['http', 80]], [{ ip: '10.0.0.100', hostname: 'ep1a' }, { ip: '10.0.0.99', hostname: 'double-ep' }]),
			slice('testns', 'svc1', [['http', 80]], [{ ip: '1234:abcd::1', hostname: 'ep1b' }, { ip: 'fd00:77:30::a', hostname: 'ip6svc1ex' }, { ip: 'fd00:77:30::2:9ba6', hostname: 'ip6svc1in' }]),
			slice('testns', 'svc1', [['http', 80]], [{ ip: '10.0.0.100', hostname: 'ep1a' }]), // EndpointSlice skew: the same address twice
			slice('testns', 'svc2', [['http', 80]], [{ ip: '10.0.0.99', hostname: 'double-ep' }]),
		],
	});
	const cases: [string, QType, string[]][] = [
		['100.0.0.10.in-addr.arpa.', 'PTR', ['NOERROR', '100.0.0.10.in-addr.arpa. 5 IN PTR ep1a.svc1.testns.svc.cluster.local.']],
		['100.1.168.192.in-addr.arpa.', 'PTR', ['NOERROR', '100.1.168.192.in-addr.arpa. 5 IN PTR svc1.testns.svc.cluster.local.']],
		['1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa.', 'PTR', ['NOERROR', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa. 5 IN PTR ep1b.svc1.testns.svc.cluster.local.']],
		['a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.', 'PTR', ['NOERROR', 'a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. 5 IN PTR ip6svc1ex.svc1.testns.svc.cluster.local.']],
		['6.a.b.9.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.', 'PTR', ['NOERROR', '6.a.b.9.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. 5 IN PTR ip6svc1in.svc1.testns.svc.cluster.local.']],
		// reverse_test.go expects NXDOMAIN; kubeadm's Corefile has `fallthrough in-addr.arpa ip6.arpa`,
		// so the query goes on to `forward . /etc/resolv.conf`.
		['101.0.0.10.in-addr.arpa.', 'PTR', ['FORWARDED']],
		['example.org.cluster.local.', 'PTR', ['NXDOMAIN']],
		['svc1.testns.svc.cluster.local.', 'PTR', ['NOERROR']],
		['svc1.testns.svc.0.10.in-addr.arpa.', 'A', ['FORWARDED']],
		['100.0.0.10.cluster.local.', 'PTR', ['NXDOMAIN']],
		['99.0.0.10.in-addr.arpa.', 'PTR', ['NOERROR', '99.0.0.10.in-addr.arpa. 5 IN PTR double-ep.svc1.testns.svc.cluster.local.', '99.0.0.10.in-addr.arpa. 5 IN PTR double-ep.svc2.testns.svc.cluster.local.']],
	];
	for (const [name, type, expected] of cases) {
		it(`${name} ${type} → ${expected.slice(1).join(', ') || expected[0]}`, () => {
			expect(ask(c, COREDNS_TEST, name, type)).toEqual(expected);
		});
	}

	it('answers the IPv6 nibble name of a ClusterIP (spec 2.3.3 example)', () => {
		const k = cluster({ services: [svc('default', 'kubernetes', { clusterIPs: ['2001:db8::1'], portList: [['https', 443]] })] });
		expect(ask(k, DEFAULT_DNS, '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.', 'PTR')).toEqual([
			'NOERROR',
			'1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. 30 IN PTR kubernetes.default.svc.cluster.local.',
		]);
	});
});

describe('answer: Pod records by mode', () => {
	// handler_pod_*_test.go: the Pod "foo" in podns has PodIP 10.240.0.1.
	const c = cluster({ namespaces: ['podns'], pods: [pod('podns', 'foo', ['10.240.0.1'])] });
	const modes: [DnsSettings['pods'], string, QType, string[]][] = [
		// handler_pod_insecure_test.go podModeInsecureCases
		['insecure', '10-240-0-1.podns.pod.cluster.local.', 'A', ['NOERROR', '10-240-0-1.podns.pod.cluster.local. 5 IN A 10.240.0.1']],
		['insecure', '172-0-0-2.podns.pod.cluster.local.', 'A', ['NOERROR', '172-0-0-2.podns.pod.cluster.local. 5 IN A 172.0.0.2']],
		['insecure', 'blah.podns.pod.cluster.local.', 'A', ['NXDOMAIN']],
		['insecure', 'blah.podns.pod.cluster.local.', 'AAAA', ['NXDOMAIN']],
		['insecure', 'blah.pod-nons.pod.cluster.local.', 'A', ['NXDOMAIN']],
		['insecure', 'podns.pod.cluster.local.', 'A', ['NOERROR']],
		['insecure', 'fd00--5.podns.pod.cluster.local.', 'AAAA', ['NOERROR', 'fd00--5.podns.pod.cluster.local. 5 IN AAAA fd00::5']],
		['insecure', '10-240-0-1.podns.pod.cluster.local.', 'AAAA', ['NOERROR']],
		// handler_pod_verified_test.go podModeVerifiedCases
		['verified', '10-240-0-1.podns.pod.cluster.local.', 'A', ['NOERROR', '10-240-0-1.podns.pod.cluster.local. 5 IN A 10.240.0.1']],
		['verified', 'podns.pod.cluster.local.', 'A', ['NOERROR']],
		['verified', 'pod-nons.pod.cluster.local.', 'A', ['NXDOMAIN']],
		['verified', '172-0-0-2.podns.pod.cluster.local.', 'A', ['NXDOMAIN']],
		// handler_pod_disabled_test.go podModeDisabledCases
		['disabled', '10-240-0-1.podns.pod.cluster.local.', 'A', ['NXDOMAIN']],
		['disabled', '172-0-0-2.podns.pod.cluster.local.', 'A', ['NXDOMAIN']],
		['disabled', 'podns.pod.cluster.local.', 'A', ['NXDOMAIN']],
	];
	for (const [pods, name, type, expected] of modes) {
		it(`pods ${pods}: ${name} ${type} → ${expected[0]}`, () => {
			expect(ask(c, { ttl: 5, pods }, name, type)).toEqual(expected);
		});
	}

	it('verified: a terminating Pod, and a Pod in another namespace, do not answer', () => {
		const t = cluster({ namespaces: ['podns', 'other'], pods: [pod('podns', 'old', ['10.240.0.9'], { terminating: true }), pod('other', 'x', ['10.240.0.8'])] });
		expect(ask(t, { ttl: 5, pods: 'verified' }, '10-240-0-9.podns.pod.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
		expect(ask(t, { ttl: 5, pods: 'verified' }, '10-240-0-8.podns.pod.cluster.local.', 'A')).toEqual(['NXDOMAIN']);
		expect(ask(t, { ttl: 5, pods: 'insecure' }, '10-240-0-9.podns.pod.cluster.local.', 'A')).toEqual(['NOERROR', '10-240-0-9.podns.pod.cluster.local. 5 IN A 10.240.0.9']);
	});
});

describe('answer: bad questions', () => {
	it('reports names no resolver would send, without throwing', () => {
		const ix = dnsIndex(handlerTestCluster(), DEFAULT_DNS);
		expect(answer(ix, 'a..b.cluster.local', 'A').error).toMatch(/empty label/);
		expect(answer(ix, `${'x'.repeat(64)}.cluster.local`, 'A').error).toMatch(/longer than 63/);
		expect(answer(ix, 'svc1.testns.svc.cluster.local', 'MX' as QType).error).toMatch(/unsupported query type/);
		expect(() => answer(ix, undefined as unknown as string, 'A')).not.toThrow();
	});
});

// ------------------------------------------------------------------ resolve(): the walk from a Pod

describe('resolve: from a Pod (dnsPolicy ClusterFirst)', () => {
	const shop = () =>
		cluster({
			services: [
				svc('shop', 'web', { clusterIPs: ['10.96.0.50'], portList: [['http', 80]] }),
				svc('shop', 'api6', { clusterIPs: ['fd00:10:96::20'], portList: [['http', 80]] }),
				svc('shop', 'dual', { clusterIPs: ['10.96.0.51', 'fd00:10:96::21'], portList: [['http', 80]] }),
				svc('shop', 'payments', { type: 'ExternalName', externalName: 'api.stripe.com' }),
				headless('shop', 'db', { portList: [['pg', 5432]] }),
			],
			slices: [slice('shop', 'db', [['pg', 5432]], [{ ip: '10.244.1.7', hostname: 'db-0' }])],
		});
	const walk = (name: string, from: string, type: QType = 'A', options = {}) => resolve(shop(), DEFAULT_DNS, { name, type }, from, options);
	const tried = (r: ReturnType<typeof walk>) => r.tried.map((t) => `${t.name} ${t.status}`);

	it("writes kubelet's resolv.conf: search <ns>.svc.<zone> svc.<zone> <zone>, the 10th service address, ndots:5", () => {
		// dns.go generateSearchesForDNSClusterFirst, defaultDNSOptions; kubeadm GetDNSIP; containerd parseDNSOptions
		const r = walk('web', 'shop');
		expect(r.searchPath).toEqual(['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
		expect(r.ndots).toBe(5);
		expect(r.resolvConf).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
		const v6 = resolve(cluster({ serviceCIDRs: ['fd00:10:96::/112', '10.96.0.0/12'] }), DEFAULT_DNS, { name: 'web', type: 'A' }, 'shop');
		expect(v6.resolvConf).toContain('nameserver fd00:10:96::a\n');
	});

	it('web: found with the first search domain; A and AAAA sent together, so 2 queries', () => {
		const r = walk('web', 'shop');
		expect(tried(r)).toEqual(['web.shop.svc.cluster.local. NOERROR']);
		expect(r.queries).toBe(2);
		expect(r.types).toEqual(['A', 'AAAA']);
		expect(r.status).toBe('NOERROR');
		expect(r.answer.map(line)).toEqual(['web.shop.svc.cluster.local. 30 IN A 10.96.0.50']);
	});

	it('web.shop from another namespace: the first search name is NXDOMAIN, the second answers', () => {
		// web.shop.default.svc.cluster.local parses as endpoint "web" of a Service "shop" in "default": none.
		const r = walk('web.shop', 'default');
		expect(tried(r)).toEqual(['web.shop.default.svc.cluster.local. NXDOMAIN', 'web.shop.svc.cluster.local. NOERROR']);
		expect(r.queries).toBe(4);
	});

	it('web.shop.svc.cluster.local: four dots are fewer than ndots:5, so the search list comes first', () => {
		const r = walk('web.shop.svc.cluster.local', 'shop');
		expect(tried(r)).toEqual([
			'web.shop.svc.cluster.local.shop.svc.cluster.local. NXDOMAIN',
			'web.shop.svc.cluster.local.svc.cluster.local. NXDOMAIN',
			'web.shop.svc.cluster.local.cluster.local. NXDOMAIN',
			'web.shop.svc.cluster.local. NOERROR',
		]);
		expect(r.queries).toBe(8);
		expect(r.answer.map(line)).toEqual(['web.shop.svc.cluster.local. 30 IN A 10.96.0.50']);
	});

	it('web.shop.svc.cluster.local. (trailing dot): absolute, one name, no search', () => {
		const r = walk('web.shop.svc.cluster.local.', 'shop');
		expect(tried(r)).toEqual(['web.shop.svc.cluster.local. NOERROR']);
		expect(r.queries).toBe(2);
	});

	it('example.com: the ndots:5 cost, three failed cluster searches before the absolute query leaves the cluster', () => {
		const r = walk('example.com', 'shop');
		expect(tried(r)).toEqual([
			'example.com.shop.svc.cluster.local. NXDOMAIN',
			'example.com.svc.cluster.local. NXDOMAIN',
			'example.com.cluster.local. NXDOMAIN',
			'example.com. FORWARDED',
		]);
		expect(r.queries).toBe(8);
		expect(r.status).toBe('FORWARDED');
		expect(r.answer).toEqual([]);
	});

	it("example.com on a node whose resolv.conf has a search domain: four failed searches, the fourth forwarded", () => {
		// kubelet appends the node's search domains after the cluster's (generateSearchesForDNSClusterFirst)
		const r = walk('example.com', 'shop', 'A', { hostSearch: ['us-west-2.compute.internal.'] });
		expect(r.searchPath).toEqual(['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'us-west-2.compute.internal']);
		expect(tried(r)).toEqual([
			'example.com.shop.svc.cluster.local. NXDOMAIN',
			'example.com.svc.cluster.local. NXDOMAIN',
			'example.com.cluster.local. NXDOMAIN',
			'example.com.us-west-2.compute.internal. FORWARDED',
			'example.com. FORWARDED',
		]);
		expect(r.queries).toBe(10);
	});

	it("counts one question per name when only the asked type is sent (gethostbyname, dig +search)", () => {
		expect(walk('example.com', 'shop', 'A', { addressLookup: 'single' }).queries).toBe(4);
		expect(walk('example.com', 'shop', 'AAAA').queries).toBe(4);
		expect(walk('example.com', 'shop', 'AAAA').types).toEqual(['AAAA']);
	});

	it('an A lookup accepts a name with only AAAA records (getaddrinfo asks both), and returns both families', () => {
		expect(tried(walk('api6', 'shop'))).toEqual(['api6.shop.svc.cluster.local. NOERROR']);
		expect(walk('dual', 'shop').answer.map(line)).toEqual(['dual.shop.svc.cluster.local. 30 IN A 10.96.0.51', 'dual.shop.svc.cluster.local. 30 IN AAAA fd00:10:96::21']);
		// asked for A alone, the IPv6-only Service is "no data" and the walk goes on
		const single = walk('api6', 'shop', 'A', { addressLookup: 'single' });
		expect(tried(single)[0]).toBe('api6.shop.svc.cluster.local. NOERROR');
		expect(single.tried[0]!.answers).toBe(0);
		expect(single.tried).toHaveLength(4);
	});

	it('glibc moves past NOERROR-with-no-data; musl stops there', () => {
		// res_query.c: "On a NO_DATA error, keep trying"; lookup_name.c name_from_dns returns 0
		// (keep searching) only for NXDOMAIN (rcode 3).
		const glibc = walk('web', 'shop', 'AAAA');
		expect(tried(glibc)).toEqual(['web.shop.svc.cluster.local. NOERROR', 'web.svc.cluster.local. NXDOMAIN', 'web.cluster.local. NXDOMAIN', 'web. FORWARDED']);
		expect(glibc.status).toBe('FORWARDED');
		const musl = walk('web', 'shop', 'AAAA', { resolver: 'musl' });
		expect(tried(musl)).toEqual(['web.shop.svc.cluster.local. NOERROR']);
		expect(musl.status).toBe('NOERROR');
		expect(musl.answer).toEqual([]);
		expect(musl.queries).toBe(1);
	});

	it('with ndots or more dots glibc tries the name as is first, then searches; musl only tries it as is', () => {
		const glibc = walk('a.b.c.d.e.f', 'shop');
		expect(tried(glibc)).toEqual(['a.b.c.d.e.f. FORWARDED', 'a.b.c.d.e.f.shop.svc.cluster.local. NXDOMAIN', 'a.b.c.d.e.f.svc.cluster.local. NXDOMAIN', 'a.b.c.d.e.f.cluster.local. NXDOMAIN']);
		expect(glibc.status).toBe('FORWARDED');
		const musl = walk('a.b.c.d.e.f', 'shop', 'A', { resolver: 'musl' });
		expect(tried(musl)).toEqual(['a.b.c.d.e.f. FORWARDED']);
		// five dots, a cluster name: answered on the first try
		const srv = walk('_pg._tcp.db.shop.svc.cluster.local', 'default', 'SRV');
		expect(tried(srv)).toEqual(['_pg._tcp.db.shop.svc.cluster.local. NOERROR']);
		expect(srv.answer.map(line)).toEqual(['_pg._tcp.db.shop.svc.cluster.local. 30 IN SRV 0 100 5432 db-0.db.shop.svc.cluster.local.']);
	});

	it('a headless endpoint name and an ExternalName resolve through the search list', () => {
		expect(walk('db-0.db', 'shop').answer.map(line)).toEqual(['db-0.db.shop.svc.cluster.local. 30 IN A 10.244.1.7']);
		const ext = walk('payments', 'shop');
		expect(tried(ext)).toEqual(['payments.shop.svc.cluster.local. NOERROR']);
		expect(ext.answer.map(line)).toEqual(['payments.shop.svc.cluster.local. 30 IN CNAME api.stripe.com.']);
		expect(ext.upstream).toEqual({ name: 'api.stripe.com.', type: 'A' });
	});

	it('from a namespace with nothing in it every search fails', () => {
		const r = walk('web', 'nope');
		expect(tried(r)).toEqual(['web.nope.svc.cluster.local. NXDOMAIN', 'web.svc.cluster.local. NXDOMAIN', 'web.cluster.local. NXDOMAIN', 'web. FORWARDED']);
	});

	it("trims the search list to kubelet's limits: 32 domains", () => {
		// dns.go formDNSSearchFitsLimits with MaxDNSSearchPathsExpanded = 32
		const many = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
		const r = walk('web', 'shop', 'A', { hostSearch: many });
		expect(r.searchPath).toHaveLength(32);
		expect(r.searchPath.slice(0, 4)).toEqual(['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'd0.example']);
		expect(r.diagnostics[0]!.message).toMatch(/^Search Line limits were exceeded/);
	});
});

describe('resolve: without a Pod', () => {
	it('sends the one question, as is', () => {
		const r = resolve(handlerTestCluster(), COREDNS_TEST, { name: 'svc1.testns.svc.cluster.local', type: 'A' });
		expect(r.tried).toEqual([{ name: 'svc1.testns.svc.cluster.local.', status: 'NOERROR', answers: 1 }]);
		expect(r.queries).toBe(1);
		expect(r.searchPath).toEqual([]);
		expect(r.resolver).toBe('none');
		expect(r.answer.map(line)).toEqual(['svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1']);
	});

	it('asks the reverse name for a PTR question given as an address, like dig -x', () => {
		const c = cluster({ services: [svc('default', 'kubernetes', { clusterIPs: ['10.96.0.1', '2001:db8::1'], portList: [['https', 443]] })] });
		const v4 = resolve(c, DEFAULT_DNS, { name: '10.96.0.1', type: 'PTR' });
		expect(v4.tried[0]!.name).toBe('1.0.96.10.in-addr.arpa.');
		expect(v4.answer.map(line)).toEqual(['1.0.96.10.in-addr.arpa. 30 IN PTR kubernetes.default.svc.cluster.local.']);
		// from a Pod: 5 dots, so glibc asks it as is first
		const v6 = resolve(c, DEFAULT_DNS, { name: '2001:db8::1', type: 'PTR' }, 'shop');
		expect(v6.tried.map((t) => t.name)).toEqual(['1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.']);
		expect(v6.answer.map((r) => r.data)).toEqual(['kubernetes.default.svc.cluster.local.']);
	});

	it('never throws on odd input', () => {
		const c = handlerTestCluster();
		for (const name of ['', '.', '..', 'a'.repeat(3000), '-', '*.*']) {
			for (const from of [undefined, '', 'shop']) expect(() => resolve(c, DEFAULT_DNS, { name, type: 'A' }, from)).not.toThrow();
		}
		expect(resolve(c, DEFAULT_DNS, { name: 'x', type: 'BOGUS' as QType }).diagnostics[0]!.severity).toBe('error');
	});
});

describe('properties', () => {
	const label = fc.constantFrom('web', 'WEB', 'svc1', 'testns', 'svc', 'pod', 'cluster', 'local', '_http', '_tcp', 'hdls1', '172-0-0-2', 'fd00--5', '*', 'dns-version', 'ns', 'dns', 'in-addr', 'arpa', '10', '0', 'x');
	const name = fc.oneof(fc.array(label, { maxLength: 9 }).map((l) => l.join('.')), fc.string({ maxLength: 80 }));
	const qtype = fc.constantFrom<QType>('A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT');

	it('answer never throws, and every record it returns answers the question or a CNAME target on the way', () => {
		const ix = dnsIndex(handlerTestCluster(), DEFAULT_DNS);
		fc.assert(
			fc.property(name, qtype, fc.boolean(), (n, t, dot) => {
				const a = answer(ix, dot ? `${n}.` : n, t);
				expect(['NOERROR', 'NXDOMAIN', 'FORWARDED']).toContain(a.status);
				if (a.status !== 'NOERROR') expect(a.answer).toEqual([]);
				const owners = new Set([(n.endsWith('.') || n === '' ? n : `${n}.`).toLowerCase(), ...a.answer.filter((r) => r.type === 'CNAME').map((r) => r.data.toLowerCase())]);
				for (const r of a.answer) {
					expect(owners.has(r.name.toLowerCase())).toBe(true);
					expect(r.type === t || r.type === 'CNAME').toBe(true);
				}
			}),
			{ numRuns: 400 },
		);
	});

	it('resolve never throws, tries at most search list + 1 names, and counts types × names', () => {
		const c = handlerTestCluster();
		fc.assert(
			fc.property(name, qtype, fc.option(fc.constantFrom('testns', 'default', '', 'Nope')), fc.constantFrom<'glibc' | 'musl'>('glibc', 'musl'), (n, t, from, resolver) => {
				const r = resolve(c, DEFAULT_DNS, { name: n, type: t }, from ?? undefined, { resolver });
				expect(r.tried.length).toBeLessThanOrEqual(r.searchPath.length + 1);
				expect(r.queries).toBe(r.tried.length * r.types.length);
				if (r.status === 'NOERROR' && r.answer.length > 0) expect(r.tried.at(-1)!.answers).toBe(r.answer.length);
			}),
			{ numRuns: 300 },
		);
	});
});
