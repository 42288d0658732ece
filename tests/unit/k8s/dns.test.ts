/**
 * dnsRecords: the records cluster DNS serves, per kubernetes/dns docs/specification.md (schema
 * 1.1.0) and as CoreDNS's kubernetes plugin answers (coredns/coredns plugin/kubernetes). Clusters
 * are built by hand here, with the fixtures of CoreDNS's own tests where there is one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRecords, DEFAULT_DNS, dnsIndex, dnsRecords, type DnsSettings, endpointHostname, type ResourceRecord, srvWeight } from '../../../src/k8s/dns.ts';
import { answer } from '../../../src/k8s/resolve.ts';
import type { Cluster, PodModel, Protocol } from '../../../src/k8s/types.ts';
import { cluster, headless, pod, slice, svc } from './dns-fixtures.ts';

const line = (r: ResourceRecord) => `${r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`;
const lines = (records: ResourceRecord[]) => records.map(line);
/** The records at one name (any type), as zone-file lines. */
const at = (records: ResourceRecord[], name: string) => lines(records.filter((r) => r.name === name));

// CoreDNS's own test configuration: zone cluster.local., ttl 5 (its default), pods disabled.
const COREDNS_TEST: DnsSettings = { ttl: 5, pods: 'disabled' };

/** plugin/kubernetes/handler_test.go svcIndex and epsIndex (the "testns" fixtures), as Kubernetes objects. */
function handlerTestCluster(): Cluster {
	return cluster({
		services: [
			svc('kube-system', 'kubedns', { clusterIPs: ['10.0.0.10'], portList: [['dns', 53, 'UDP']] }),
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
			slice('kube-system', 'kubedns', [['dns', 53, 'UDP']], [{ ip: '172.0.0.100' }]),
			slice('testns', 'svc1', [['http', 80]], [{ ip: '172.0.0.1', hostname: 'ep1a' }]),
			slice('testns', 'svcempty', [['http', 80]], []),
			// One CoreDNS "subset" holds both families; Kubernetes splits them by addressType.
			slice('testns', 'hdls1', [['http', 80]], [{ ip: '172.0.0.2' }, { ip: '172.0.0.3' }, { ip: '172.0.0.4', hostname: 'dup-name' }, { ip: '172.0.0.5', hostname: 'dup-name' }]),
			slice('testns', 'hdls1', [['http', 80]], [{ ip: '5678:abcd::1' }, { ip: '5678:abcd::2' }], 'IPv6'),
			slice('testns', 'hdlsprtls', [], [{ ip: '172.0.0.20' }]),
		],
	});
}

// ------------------------------------------------------------------ the tests

describe('settings', () => {
	it("defaults to kubeadm's Corefile: ttl 30, pods insecure", () => {
		// cmd/kubeadm/app/phases/addons/dns/manifests.go CoreDNSConfigMap: "pods insecure", "ttl 30"
		expect(DEFAULT_DNS).toEqual({ ttl: 30, pods: 'insecure' });
		const records = dnsRecords(cluster({ services: [svc('default', 'kubernetes', { clusterIPs: ['10.96.0.1'], portList: [['https', 443]] })] }));
		expect(at(records, 'kubernetes.default.svc.cluster.local.')).toContain('kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1');
	});

	it('takes the zone from the cluster domain', () => {
		const records = dnsRecords(cluster({ clusterDomain: 'Corp.Example.', services: [svc('default', 'kubernetes', { clusterIPs: ['10.96.0.1'], portList: [['https', 443]] })] }));
		expect(at(records, 'kubernetes.default.svc.corp.example.')).toEqual([
			'kubernetes.default.svc.corp.example. 30 IN A 10.96.0.1',
			'kubernetes.default.svc.corp.example. 30 IN SRV 0 100 443 kubernetes.default.svc.corp.example.',
		]);
		expect(at(records, 'dns-version.corp.example.')).toHaveLength(1);
	});
});

describe('dns-version', () => {
	it('is a TXT record "1.1.0" with TTL 28800 whatever the ttl option says', () => {
		// spec 2.2 "dns-version.cluster.local. 28800 IN TXT "1.1.0""; kubernetes.go Services: TTL: 28800;
		// handler_test.go TestServeDNS "TXT Schema" (with ttl 5)
		for (const ttl of [5, 30]) {
			expect(at(dnsRecords(cluster({}), { ttl, pods: 'disabled' }), 'dns-version.cluster.local.')).toEqual(['dns-version.cluster.local. 28800 IN TXT "1.1.0"']);
		}
	});
});

describe('ClusterIP Services', () => {
	const kubernetes = () => cluster({ services: [svc('default', 'kubernetes', { clusterIPs: ['10.3.0.1'], portList: [['https', 443]] })] });

	it('have an A record and an SRV record per named port (spec 2.3.1, 2.3.2)', () => {
		// spec: "kubernetes.default.svc.cluster.local. IN A" → 10.3.0.1;
		// "_https._tcp.kubernetes.default.svc.cluster.local. IN SRV" → "<priority> <weight> 443 kubernetes.default.svc.cluster.local."
		// CoreDNS: priority 0, weight 100 for a single entry (handler_test.go "_http._tcp.svc1": 0 100 80)
		const records = dnsRecords(kubernetes());
		expect(at(records, 'kubernetes.default.svc.cluster.local.')).toEqual([
			'kubernetes.default.svc.cluster.local. 30 IN A 10.3.0.1',
			'kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.',
		]);
		expect(at(records, '_https._tcp.kubernetes.default.svc.cluster.local.')).toEqual([
			'_https._tcp.kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.',
		]);
	});

	it('have a PTR record for the ClusterIP (spec 2.3.3)', () => {
		// spec: "1.0.3.10.in-addr.arpa. IN PTR" → kubernetes.default.svc.cluster.local.
		expect(at(dnsRecords(kubernetes()), '1.0.3.10.in-addr.arpa.')).toEqual(['1.0.3.10.in-addr.arpa. 30 IN PTR kubernetes.default.svc.cluster.local.']);
	});

	it('have no _port._proto SRV record for an unnamed port, only the one at the Service name', () => {
		// spec 2.3.2 "Unnamed ports do not have an SRV record"; xfr.go transferServices emits the
		// SRV at the Service's own name for every port ("for peer-finder") and skips p.Name == "".
		const records = dnsRecords(cluster({ services: [svc('shop', 'web', { clusterIPs: ['10.96.0.50'], portList: [['', 80]] })] }));
		expect(records.filter((r) => r.type === 'SRV').map(line)).toEqual(['web.shop.svc.cluster.local. 30 IN SRV 0 100 80 web.shop.svc.cluster.local.']);
	});

	it('have one SRV record per named port, with UDP and TCP names apart', () => {
		// kube-dns as kubeadm creates it (manifests.go CoreDNSService): dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP.
		// At the Service's name, backend_lookup.go SRV weighs 3 entries (33 each) and keeps one
		// record per distinct target and port, so 53/UDP and 53/TCP are one record.
		const records = dnsRecords(
			cluster({
				services: [
					svc('kube-system', 'kube-dns', {
						clusterIPs: ['10.96.0.10'],
						portList: [
							['dns', 53, 'UDP'],
							['dns-tcp', 53, 'TCP'],
							['metrics', 9153, 'TCP'],
						],
					}),
				],
			}),
		);
		const srv = records.filter((r) => r.type === 'SRV' && r.name.endsWith('kube-dns.kube-system.svc.cluster.local.')).map(line);
		expect(srv).toEqual([
			'kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 33 53 kube-dns.kube-system.svc.cluster.local.',
			'kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 33 9153 kube-dns.kube-system.svc.cluster.local.',
			'_dns-tcp._tcp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.',
			'_metrics._tcp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 9153 kube-dns.kube-system.svc.cluster.local.',
			'_dns._udp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.',
		]);
	});

	it('are dual-stack: an A and an AAAA record, and SRV weights split over both addresses', () => {
		// handler_test.go TestServeDNS "Dual Stack ClusterIP Services": A 10.0.0.3, AAAA 10::3,
		// SRV "0 50 80 svc-dual-stack.testns.svc.cluster.local." (two entries, one record).
		const records = dnsRecords(handlerTestCluster(), COREDNS_TEST);
		expect(at(records, 'svc-dual-stack.testns.svc.cluster.local.')).toEqual([
			'svc-dual-stack.testns.svc.cluster.local. 5 IN A 10.0.0.3',
			'svc-dual-stack.testns.svc.cluster.local. 5 IN AAAA 10::3',
			'svc-dual-stack.testns.svc.cluster.local. 5 IN SRV 0 50 80 svc-dual-stack.testns.svc.cluster.local.',
		]);
		expect(at(records, '_http._tcp.svc-dual-stack.testns.svc.cluster.local.')).toEqual([
			'_http._tcp.svc-dual-stack.testns.svc.cluster.local. 5 IN SRV 0 50 80 svc-dual-stack.testns.svc.cluster.local.',
		]);
		// IPv6 PTR in nibble format (spec 2.3.3)
		expect(at(records, '3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.ip6.arpa.')).toEqual([
			'3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.ip6.arpa. 5 IN PTR svc-dual-stack.testns.svc.cluster.local.',
		]);
	});

	it('get an A record with no ports at all, and no SRV record', () => {
		// object/service.go ToService adds a port -1 sentinel; backend_lookup.go SRV skips port -1.
		const records = dnsRecords(cluster({ services: [svc('shop', 'bare', { clusterIPs: ['10.96.0.77'] })] }));
		expect(at(records, 'bare.shop.svc.cluster.local.')).toEqual(['bare.shop.svc.cluster.local. 30 IN A 10.96.0.77']);
	});

	it('answer whether or not they have endpoints', () => {
		// handler_test.go "svcempty": A 10.0.0.1 and SRV 0 100 80 though its slice is empty.
		const records = dnsRecords(handlerTestCluster(), COREDNS_TEST);
		expect(at(records, 'svcempty.testns.svc.cluster.local.')).toEqual([
			'svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1',
			'svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.',
		]);
	});
});

describe('headless Services', () => {
	it("have an A/AAAA record per ready endpoint, endpoint hostname records, and SRV to each endpoint's name", () => {
		// handler_test.go TestServeDNS "hdls1" A (4) and AAAA (2); "_http._tcp.hdls1" SRV: 5 records
		// "0 16 80 ..." (6 entries: floor(100/600*100) = 16; the two dup-name entries are one record);
		// xfr_test.go expectedZone for the endpoint names.
		const records = dnsRecords(handlerTestCluster(), COREDNS_TEST);
		expect(at(records, 'hdls1.testns.svc.cluster.local.').filter((l) => !l.includes(' SRV '))).toEqual([
			'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2',
			'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.3',
			'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4',
			'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5',
			'hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1',
			'hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2',
		]);
		expect(at(records, '_http._tcp.hdls1.testns.svc.cluster.local.')).toEqual([
			'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-2.hdls1.testns.svc.cluster.local.',
			'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-3.hdls1.testns.svc.cluster.local.',
			'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--1.hdls1.testns.svc.cluster.local.',
			'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 5678-abcd--2.hdls1.testns.svc.cluster.local.',
			'_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.cluster.local.',
		]);
		expect(at(records, 'dup-name.hdls1.testns.svc.cluster.local.')).toEqual([
			'dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4',
			'dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5',
		]);
		expect(at(records, '5678-abcd--1.hdls1.testns.svc.cluster.local.')).toEqual(['5678-abcd--1.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1']);
	});

	it('name an endpoint without a hostname by its address with dashes', () => {
		// kubernetes_test.go TestEndpointHostname
		expect(endpointHostname('10.11.12.13', '')).toBe('10-11-12-13');
		expect(endpointHostname('10.11.12.13', 'epname')).toBe('epname');
		expect(endpointHostname('2001:db8:3333:4444:5555:6666:7777:8888', '')).toBe('2001-db8-3333-4444-5555-6666-7777-8888');
		expect(endpointHostname('2001:db8:3333:4444:5555:6666::', '')).toBe('2001-db8-3333-4444-5555-6666--0');
	});

	it('have PTR records for their endpoints, by hostname (spec 2.4.3), IPv4 and IPv6', () => {
		// spec: "100.0.3.10.in-addr.arpa. IN PTR" → my-pet.headless.default.svc.cluster.local.;
		// "1.0.0.0....8.b.d.0.1.0.0.2.ip6.arpa. IN PTR" → my-pet.headless.default.svc.cluster.local.
		const records = dnsRecords(
			cluster({
				services: [headless('default', 'headless', { ipFamilies: ['IPv4', 'IPv6'], portList: [['https', 443]] })],
				slices: [
					slice('default', 'headless', [['https', 443]], [{ ip: '10.3.0.100', hostname: 'my-pet' }]),
					slice('default', 'headless', [['https', 443]], [{ ip: '2001:db8::1', hostname: 'my-pet' }], 'IPv6'),
				],
			}),
		);
		expect(records.filter((r) => r.type === 'PTR').map(line)).toEqual([
			'100.0.3.10.in-addr.arpa. 30 IN PTR my-pet.headless.default.svc.cluster.local.',
			'1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. 30 IN PTR my-pet.headless.default.svc.cluster.local.',
		]);
		// spec 2.4.1 "my-pet.headless.default.svc.cluster.local. IN A/AAAA"
		expect(at(records, 'my-pet.headless.default.svc.cluster.local.')).toEqual([
			'my-pet.headless.default.svc.cluster.local. 30 IN A 10.3.0.100',
			'my-pet.headless.default.svc.cluster.local. 30 IN AAAA 2001:db8::1',
		]);
	});

	it('have one PTR per endpoint name for an address two of them share, reverse names in label order', () => {
		// reverse.go serviceRecordForIP: every ready endpoint with the address, whichever Service.
		// RFC 4034 6.1: "10.0.244.10.in-addr.arpa." sorts before "2.0.244.10.in-addr.arpa." (label
		// "10" before "2"), and the targets of one name by their text.
		const records = dnsRecords(
			cluster({
				services: [headless('shop', 'b', { portList: [['http', 80]] }), headless('shop', 'a', { portList: [['http', 80]] })],
				slices: [
					slice('shop', 'b', [['http', 80]], [{ ip: '10.244.0.2' }]),
					slice('shop', 'a', [['http', 80]], [{ ip: '10.244.0.2' }, { ip: '10.244.0.10' }]),
				],
			}),
		);
		expect(records.filter((r) => r.type === 'PTR').map(line)).toEqual([
			'10.0.244.10.in-addr.arpa. 30 IN PTR 10-244-0-10.a.shop.svc.cluster.local.',
			'2.0.244.10.in-addr.arpa. 30 IN PTR 10-244-0-2.a.shop.svc.cluster.local.',
			'2.0.244.10.in-addr.arpa. 30 IN PTR 10-244-0-2.b.shop.svc.cluster.local.',
		]);
	});

	it('without ports still have A records, and no SRV', () => {
		// handler_test.go "A Service (Headless and Portless)": hdlsprtls A 172.0.0.20; "An Endpoint with no port"
		const records = dnsRecords(handlerTestCluster(), COREDNS_TEST);
		expect(at(records, 'hdlsprtls.testns.svc.cluster.local.')).toEqual(['hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20']);
		expect(at(records, '172-0-0-20.hdlsprtls.testns.svc.cluster.local.')).toEqual(['172-0-0-20.hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20']);
	});

	it('with no ready endpoint have no records at all (spec 2.4.1: NXDOMAIN)', () => {
		const c = cluster({
			services: [headless('db', 'pg', { portList: [['pg', 5432]] })],
			slices: [slice('db', 'pg', [['pg', 5432]], [{ ip: '10.244.1.7', hostname: 'pg-0', ready: false }])],
		});
		expect(dnsRecords(c).filter((r) => r.name.includes('pg.db.svc'))).toEqual([]);
		expect(answer(dnsIndex(c, DEFAULT_DNS), 'pg.db.svc.cluster.local.', 'A').status).toBe('NXDOMAIN');
	});

	it('list only ready endpoints: serving-but-terminating and not-ready ones are left out', () => {
		// object/endpoint.go EndpointSliceToEndpoints reads only conditions.ready. The EndpointSlice
		// controller (endpointslice utils.go podToEndpoint) writes ready=false for a terminating Pod
		// even while it still serves.
		const c = cluster({
			services: [headless('db', 'pg', { portList: [['pg', 5432]] })],
			slices: [
				slice(
					'db',
					'pg',
					[['pg', 5432]],
					[
						{ ip: '10.244.1.7', hostname: 'pg-0' },
						{ ip: '10.244.1.8', hostname: 'pg-1', ready: false, serving: true, terminating: true },
						{ ip: '10.244.1.9', hostname: 'pg-2', ready: false },
					],
				),
			],
		});
		expect(at(dnsRecords(c), 'pg.db.svc.cluster.local.')).toEqual([
			'pg.db.svc.cluster.local. 30 IN A 10.244.1.7',
			'pg.db.svc.cluster.local. 30 IN SRV 0 100 5432 pg-0.pg.db.svc.cluster.local.',
		]);
	});

	it('with publishNotReadyAddresses list not-ready endpoints, which the controller marks ready', () => {
		// endpointslice utils.go podToEndpoint: ready = publishNotReadyAddresses || (serving && !terminating);
		// so a not-yet-ready Pod of such a Service is written ready=true, serving=false, and CoreDNS serves it.
		const c = cluster({
			services: [headless('db', 'pg', { publishNotReadyAddresses: true, portList: [['pg', 5432]] })],
			slices: [
				slice(
					'db',
					'pg',
					[['pg', 5432]],
					[
						{ ip: '10.244.1.7', hostname: 'pg-0' },
						{ ip: '10.244.1.8', hostname: 'pg-1', ready: true, serving: false },
					],
				),
			],
		});
		expect(at(dnsRecords(c), 'pg.db.svc.cluster.local.')).toEqual([
			'pg.db.svc.cluster.local. 30 IN A 10.244.1.7',
			'pg.db.svc.cluster.local. 30 IN A 10.244.1.8',
			'pg.db.svc.cluster.local. 30 IN SRV 0 50 5432 pg-0.pg.db.svc.cluster.local.',
			'pg.db.svc.cluster.local. 30 IN SRV 0 50 5432 pg-1.pg.db.svc.cluster.local.',
		]);
	});

	it('SRV records use the endpoint port (the resolved targetPort), not the Service port', () => {
		// findServices: for headless Services the entries come from the EndpointSlice ports.
		const c = cluster({
			services: [headless('shop', 'api', { portList: [['http', 80]] })],
			slices: [slice('shop', 'api', [['http', 8080]], [{ ip: '10.244.0.9' }])],
		});
		expect(at(dnsRecords(c), '_http._tcp.api.shop.svc.cluster.local.')).toEqual(['_http._tcp.api.shop.svc.cluster.local. 30 IN SRV 0 100 8080 10-244-0-9.api.shop.svc.cluster.local.']);
	});
});

describe('ExternalName Services', () => {
	it('are a CNAME to externalName, with a trailing dot (spec 2.5)', () => {
		// handler_test.go "CNAME External": external.testns.svc.cluster.local. CNAME ext.interwebs.test.
		const records = dnsRecords(handlerTestCluster(), COREDNS_TEST);
		expect(at(records, 'external.testns.svc.cluster.local.')).toEqual(['external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test.']);
		expect(at(records, 'external-to-service.testns.svc.cluster.local.')).toEqual(['external-to-service.testns.svc.cluster.local. 5 IN CNAME svc1.testns.svc.cluster.local.']);
	});

	it('have no record when externalName is an IP address', () => {
		// findServices: only a Host whose HostType is CNAME is kept.
		const records = dnsRecords(cluster({ services: [svc('shop', 'legacy', { type: 'ExternalName', externalName: '192.0.2.10' })] }));
		expect(records.filter((r) => r.name.startsWith('legacy.'))).toEqual([]);
	});
});

describe('Pod records', () => {
	const pods = () =>
		cluster({
			pods: [
				pod('shop', 'web-1', ['10.244.1.5', 'fd00:10:244:1::5']),
				pod('shop', 'web-2', ['10.244.1.6'], { terminating: true }),
			],
		});
	const podLines = (dns: DnsSettings) => dnsRecords(pods(), dns).filter((r) => r.name.endsWith('.pod.cluster.local.')).map(line);

	it('insecure: every Pod address, as <a-b-c-d>.<ns>.pod.<zone>', () => {
		expect(podLines({ ttl: 30, pods: 'insecure' })).toEqual([
			'10-244-1-5.shop.pod.cluster.local. 30 IN A 10.244.1.5',
			'10-244-1-6.shop.pod.cluster.local. 30 IN A 10.244.1.6',
			'fd00-10-244-1--5.shop.pod.cluster.local. 30 IN AAAA fd00:10:244:1::5',
		]);
	});

	it('verified: only status.podIP of Pods that are not terminating', () => {
		// object/pod.go ToPod keeps PodIP (the first) and skips terminating Pods; findPods matches ip == p.PodIP.
		expect(podLines({ ttl: 30, pods: 'verified' })).toEqual(['10-244-1-5.shop.pod.cluster.local. 30 IN A 10.244.1.5']);
	});

	it('disabled: none', () => {
		expect(podLines({ ttl: 30, pods: 'disabled' })).toEqual([]);
	});

	it('are in canonical order of their labels (text, not numbers), one record per address', () => {
		// RFC 4034 6.1: labels compare as octet strings, a label that is a prefix of another first
		// ("10-244-1-5" < "10-244-1-50" < "10-244-1-7" < "10-244-10-5" < "10-244-2-1"). Two
		// hostNetwork Pods on one node share its address: CoreDNS answers that name once
		// (findPods builds the answer from the question). Go's net.ParseIP rejects leading zeros
		// (Go 1.17 release notes, net), so "010.244.1.9" is no address at all.
		const c = cluster({
			pods: [
				pod('shop', 'a', ['10.244.10.5']),
				pod('shop', 'b', ['10.244.1.50']),
				pod('shop', 'c', ['10.244.1.5']),
				pod('shop', 'd', ['10.244.2.1']),
				pod('kube-system', 'proxy-1', ['192.168.0.2'], { hostNetwork: true }),
				pod('kube-system', 'cni-1', ['192.168.0.2'], { hostNetwork: true }),
				pod('shop', 'e', ['10.244.1.7']),
				pod('shop', 'f', ['010.244.1.9']),
			],
		});
		expect(lines(dnsRecords(c).filter((r) => r.name.endsWith('.pod.cluster.local.')))).toEqual([
			'192-168-0-2.kube-system.pod.cluster.local. 30 IN A 192.168.0.2',
			'10-244-1-5.shop.pod.cluster.local. 30 IN A 10.244.1.5',
			'10-244-1-50.shop.pod.cluster.local. 30 IN A 10.244.1.50',
			'10-244-1-7.shop.pod.cluster.local. 30 IN A 10.244.1.7',
			'10-244-10-5.shop.pod.cluster.local. 30 IN A 10.244.10.5',
			'10-244-2-1.shop.pod.cluster.local. 30 IN A 10.244.2.1',
		]);
	});

	it('stay in canonical order, one per address and namespace, for thousands of Pods', () => {
		// Enough Pods on enough /24s that the order is not the input order; a few dual-stack ones so
		// IPv4 and IPv6 labels mix in one namespace; repeated addresses (hostNetwork Pods). The
		// addresses are written as Go prints them, so each is its record's data as is.
		let seed = 7;
		const next = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const namespaces = ['apps', 'batch', 'default'];
		const pods: PodModel[] = [];
		const expected = new Set<string>();
		for (let i = 0; i < 3000; i++) {
			const ns = namespaces[next(3)]!;
			const v4 = `10.244.${next(40)}.${next(256)}`;
			const ips = ns === 'batch' && next(4) === 0 ? [v4, `fd00:10:244:${(next(40) + 1).toString(16)}::${(next(255) + 1).toString(16)}`] : [v4];
			pods.push(pod(ns, `p${i}`, ips));
			for (const ip of ips) expected.add(`${ip.replace(/[.:]/g, '-')}.${ns}.pod.cluster.local. 30 IN ${ip.includes(':') ? 'AAAA' : 'A'} ${ip}`);
		}
		const records = dnsRecords(cluster({ pods })).filter((r) => r.name.endsWith('.pod.cluster.local.'));
		for (let i = 1; i < records.length; i++) expect(compareRecords(records[i - 1]!, records[i]!)).toBeLessThan(0);
		expect(new Set(lines(records))).toEqual(expected);
		expect(records.length).toBe(expected.size);
	});
});

describe('the list', () => {
	it('names the cluster DNS server at ns.dns.<zone>: the 10th address of the service CIDR, or kube-dns', () => {
		// ns.go nsAddrs; kubeadm GetDNSIP
		expect(at(dnsRecords(cluster({})), 'ns.dns.cluster.local.')).toEqual(['ns.dns.cluster.local. 30 IN A 10.96.0.10']);
		expect(at(dnsRecords(cluster({ serviceCIDRs: ['10.100.0.0/16'] })), 'ns.dns.cluster.local.')).toEqual(['ns.dns.cluster.local. 30 IN A 10.100.0.10']);
		const withKubeDns = cluster({ services: [svc('kube-system', 'kube-dns', { clusterIPs: ['10.96.0.53'], portList: [['dns', 53, 'UDP']] })] });
		expect(at(dnsRecords(withKubeDns), 'ns.dns.cluster.local.')).toEqual(['ns.dns.cluster.local. 30 IN A 10.96.0.53']);
	});

	it('is in canonical DNS order, without duplicates', () => {
		const records = dnsRecords(handlerTestCluster(), COREDNS_TEST);
		const sorted = [...records].sort(compareRecords);
		expect(records).toEqual(sorted);
		for (let i = 1; i < records.length; i++) expect(compareRecords(records[i - 1]!, records[i]!)).toBeLessThan(0);
		// reverse zones (…arpa) before cluster.local; a Service's records together
		expect(records[0]!.type).toBe('PTR');
		const names = records.map((r) => r.name);
		const first = names.indexOf('hdls1.testns.svc.cluster.local.');
		const last = names.lastIndexOf('dup-name.hdls1.testns.svc.cluster.local.');
		expect(names.slice(first, last + 1).every((n) => n.endsWith('hdls1.testns.svc.cluster.local.'))).toBe(true);
	});

	it('agrees with what a query for each name and type answers', () => {
		// Each record is what CoreDNS answers for its name and type (handler.go ServeDNS).
		for (const dns of [COREDNS_TEST, DEFAULT_DNS, { ttl: 30, pods: 'verified' } as DnsSettings]) {
			const c = handlerTestCluster();
			c.pods = [pod('testns', 'p', ['10.244.0.5', 'fd00::5'])];
			const records = dnsRecords(c, dns);
			const ix = dnsIndex(c, dns);
			const groups = new Map<string, ResourceRecord[]>();
			for (const r of records) groups.set(`${r.name} ${r.type}`, [...(groups.get(`${r.name} ${r.type}`) ?? []), r]);
			for (const [key, expected] of groups) {
				const [name, type] = key.split(' ') as [string, ResourceRecord['type']];
				const got = answer(ix, name, type);
				expect(got.status, key).toBe('NOERROR');
				expect(lines(got.answer).sort(), key).toEqual(lines(expected).sort());
			}
		}
	});

	it('does not throw on a malformed cluster or settings', () => {
		const broken = { settings: {}, services: [svc('a', 'b', { clusterIPs: ['not-an-ip', '300.1.1.1'] })], endpointSlices: [slice('a', 'b', [], [{ ip: 'x.y' }])] } as unknown as Cluster;
		expect(() => dnsRecords(broken, { ttl: Number.NaN, pods: 'bogus' } as unknown as DnsSettings)).not.toThrow();
		const records = dnsRecords(broken, { ttl: -1, pods: 'bogus' } as unknown as DnsSettings);
		expect(records.every((r) => r.ttl === 30 || r.type === 'TXT')).toBe(true);
		expect(records.filter((r) => r.name.startsWith('b.a.'))).toEqual([]);
		expect(() => dnsRecords({} as Cluster)).not.toThrow();
	});
});

describe('srvWeight', () => {
	it('is floor(100 / entries × 100), at least 1 (backend_lookup.go SRV)', () => {
		expect([1, 2, 3, 6, 200, 10001].map(srvWeight)).toEqual([100, 50, 33, 16, 1, 1]);
	});
});

describe('property: random clusters', () => {
	const ip4 = fc.constantFrom('10.0.0.1', '10.0.0.2', '10.244.0.5', '10.244.0.6', '10.244.1.10', '172.0.0.9');
	const ip6 = fc.constantFrom('fd00::1', 'fd00::2', 'fd00:10:244::5', '2001:db8::1');
	const port = fc.tuple(fc.constantFrom('http', 'grpc', 'metrics', ''), fc.constantFrom(80, 443, 8080), fc.constantFrom<Protocol>('TCP', 'UDP'));
	const service = fc.record({
		name: fc.constantFrom('web', 'api', 'db', 'cache', 'ext'),
		namespace: fc.constantFrom('shop', 'default'),
		kind: fc.constantFrom('ClusterIP', 'headless', 'ExternalName'),
		ips: fc.array(fc.oneof(ip4, ip6), { maxLength: 2 }),
		ports: fc.array(port, { maxLength: 3 }),
		publishNotReadyAddresses: fc.boolean(),
		externalName: fc.constantFrom('ext.example.com', 'web.shop.svc.cluster.local', '192.0.2.1'),
	});
	const endpoint = fc.record({ ip: fc.oneof(ip4, ip6), hostname: fc.option(fc.constantFrom('a', 'b', '10-0-0-1')), ready: fc.boolean() });
	const sliceArb = fc.record({
		service: fc.constantFrom('web', 'api', 'db', 'cache', 'ext', 'orphan'),
		namespace: fc.constantFrom('shop', 'default'),
		ports: fc.array(port, { maxLength: 2 }),
		endpoints: fc.array(endpoint, { maxLength: 4 }),
	});
	const podArb = fc.record({ namespace: fc.constantFrom('shop', 'default'), ips: fc.array(fc.oneof(ip4, ip6), { maxLength: 2 }), terminating: fc.boolean() });
	const settings = fc.record({ ttl: fc.constantFrom(0, 5, 30), pods: fc.constantFrom<DnsSettings['pods']>('insecure', 'verified', 'disabled') });

	it('every record dnsRecords lists is exactly what a query for its name and type answers', () => {
		fc.assert(
			fc.property(fc.uniqueArray(service, { selector: (s) => `${s.name}.${s.namespace}`, maxLength: 5 }), fc.array(sliceArb, { maxLength: 5 }), fc.array(podArb, { maxLength: 4 }), settings, (services, slices, pods, dns) => {
				const c = cluster({
					services: services.map((s) =>
						s.kind === 'ExternalName'
							? svc(s.namespace, s.name, { type: 'ExternalName', externalName: s.externalName })
							: s.kind === 'headless'
								? headless(s.namespace, s.name, { portList: s.ports, publishNotReadyAddresses: s.publishNotReadyAddresses })
								: svc(s.namespace, s.name, { clusterIPs: [...new Set(s.ips)], portList: s.ports }),
					),
					slices: slices.map((s) => slice(s.namespace, s.service, s.ports, s.endpoints.map((e) => ({ ip: e.ip, ready: e.ready, ...(e.hostname ? { hostname: e.hostname } : {}) })))),
					pods: pods.map((p, i) => pod(p.namespace, `p${i}`, p.ips, { terminating: p.terminating })),
				});
				const records = dnsRecords(c, dns);
				const ix = dnsIndex(c, dns);
				const groups = new Map<string, ResourceRecord[]>();
				for (const r of records) groups.set(`${r.name} ${r.type}`, [...(groups.get(`${r.name} ${r.type}`) ?? []), r]);
				for (const [key, expected] of groups) {
					const [name, type] = key.split(' ') as [string, ResourceRecord['type']];
					const got = answer(ix, name, type);
					expect(got.status, key).toBe('NOERROR');
					if (type === 'PTR') {
						// CoreDNS also answers PTR for endpoints of ClusterIP Services, which the list leaves out.
						for (const l of lines(expected)) expect(lines(got.answer), key).toContain(l);
					} else expect(lines(got.answer).sort(), key).toEqual(lines(expected).sort());
				}
				for (let i = 1; i < records.length; i++) expect(compareRecords(records[i - 1]!, records[i]!)).toBeLessThan(0);
			}),
			{ numRuns: 300 },
		);
	});
});
