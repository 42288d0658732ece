/**
 * The nftables view against kube-proxy's own tests: kubernetes/kubernetes
 * pkg/proxy/nftables/proxier_test.go (1.34/1.35). Its tests build services with NewFakeProxier
 * (node "test-node", node IP 192.168.0.2, detect-local by the pod CIDR 10.0.0.0/8, service CIDR
 * 172.30.0.0/16, masquerade mark "0x4000", nodePortAddresses 192.168.0.2/32 and 2001:db8::1/128 —
 * what "primary" resolves to) and compare the knftables fake's Dump() with the expected text
 * using assertNFTablesTransactionEqual: both texts go through sortNFTablesTransaction
 * (pkg/proxy/nftables/helpers_test.go), which drops blank and "#" lines and stably sorts the
 * rest by object type (table, chain, rule, set, map, element), then object name, keeping rules
 * of a chain in the order they were added and ordering other lines of one object by their text.
 * nftAddCommands prints the ruleset in Dump()'s layout, and the same sort is done here.
 */
import { describe, expect, test } from 'vitest';
import { load } from '../../../src/k8s/load.ts';
import { buildCluster } from '../../../src/k8s/model.ts';
import { resolveSettings } from '../../../src/k8s/settings.ts';
import { NODE, OVERALL_SERVICES, OVERALL_SLICES_AFTER_SVC1, proxyConfig, randomCluster, slice, svc } from './proxier-inputs.ts';
import { proxySettings, type ProxySettings } from '../../../src/k8s/proxy-common.ts';
import {
	hashAndTruncate,
	nftables,
	nftAddCommands,
	nftList,
	nftListLines,
	type NftRuleset,
	priorityText,
	servicePortChainNameBase,
	servicePortEndpointChainNameBase,
} from '../../../src/k8s/nftables.ts';

// ---------------------------------------------------------------- assertNFTablesTransactionEqual, in TypeScript

/** helpers_test.go objectOrder: higher sorts earlier. */
const OBJECT_ORDER: Record<string, number> = { table: 10, chain: 9, rule: 8, set: 7, map: 6, element: 5 };

/** helpers_test.go sortNFTablesTransaction. */
function sortNFTablesTransaction(tx: string): string {
	const lines = tx.split('\n').filter((l) => l !== '' && l[0] !== '#');
	const less = (li: string, lj: string): boolean => {
		const wi = li.split(' ');
		const wj = lj.split(' ');
		if (wi.length < 5 || wj.length < 5) return false;
		if (wi[1] !== wj[1]) return (OBJECT_ORDER[wi[1]] ?? 0) >= (OBJECT_ORDER[wj[1]] ?? 0);
		if (wi[4] !== wj[4]) return wi[4] < wj[4];
		if (wi[1] === 'rule') return false;
		return li < lj;
	};
	// sort.SliceStable with `less`: Array.prototype.sort is stable.
	return lines.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0)).join('\n');
}

/** github.com/lithammer/dedent Dedent, as the Go tests write their expectations. */
function dedent(text: string): string {
	const blanked = text.replace(/^[ \t]+$/gm, '');
	let margin: string | undefined;
	for (const [, indent] of blanked.matchAll(/^([ \t]*)[^ \t\n]/gm)) {
		if (margin === undefined) margin = indent;
		else if (indent.startsWith(margin)) continue;
		else if (margin.startsWith(indent)) margin = indent;
		else {
			margin = '';
			break;
		}
	}
	return margin ? blanked.replace(new RegExp(`^${margin}`, 'gm'), '') : blanked;
}

/** assertNFTablesTransactionEqual(t, line, expected, nft.Dump()) */
function assertNFTablesTransactionEqual(expected: string, ruleset: NftRuleset) {
	expect(sortNFTablesTransaction(nftAddCommands(ruleset))).toBe(sortNFTablesTransaction(expected));
}

// ---------------------------------------------------------------- building clusters like NewFakeProxier

/** The settings NewFakeProxier gives its Proxier. */
const FAKE: Partial<ProxySettings> = { masqueradeMark: '0x4000' };

const PROXY_CONFIG = (extra = '') => proxyConfig(extra, 'nftables');

function cluster(yaml: string) {
	return buildCluster(load(yaml), resolveSettings({ serviceCIDRs: '172.30.0.0/16,fd00:10:96::/112' }).settings);
}

function rules(yaml: string, overrides: Partial<ProxySettings> = FAKE, family?: 'IPv4' | 'IPv6'): NftRuleset {
	const c = cluster(yaml);
	return nftables(c, 'test-node', proxySettings(c, overrides, 'nftables').settings, family);
}

const BASE_RULES = dedent(`
	add table ip kube-proxy { comment "rules for kube-proxy" ; }

	add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
	add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }

	add map ip kube-proxy firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }
	add map ip kube-proxy no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }
	add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
	add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
	add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }

	add chain ip kube-proxy cluster-ips-check
	add chain ip kube-proxy filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }
	add chain ip kube-proxy filter-output-pre-dnat { type filter hook output priority -110 ; }
	add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }
	add chain ip kube-proxy filter-input { type filter hook input priority 0 ; }
	add chain ip kube-proxy filter-output { type filter hook output priority 0 ; }
	add chain ip kube-proxy firewall-check
	add chain ip kube-proxy mark-for-masquerade
	add chain ip kube-proxy masquerading
	add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }
	add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }
	add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
	add chain ip kube-proxy nodeport-endpoints-check
	add chain ip kube-proxy reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
	add chain ip kube-proxy services
	add chain ip kube-proxy service-endpoints-check

	add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
	add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
	add rule ip kube-proxy filter-prerouting-pre-dnat ct state new jump firewall-check
	add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check
	add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check
	add rule ip kube-proxy filter-input ct state new jump nodeport-endpoints-check
	add rule ip kube-proxy filter-input ct state new jump service-endpoints-check
	add rule ip kube-proxy filter-output ct state new jump service-endpoints-check
	add rule ip kube-proxy filter-output-pre-dnat ct state new jump firewall-check
	add rule ip kube-proxy filter-output ct state new jump cluster-ips-check
	add rule ip kube-proxy firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips
	add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000
	add rule ip kube-proxy masquerading mark and 0x4000 == 0 return
	add rule ip kube-proxy masquerading mark set mark xor 0x4000
	add rule ip kube-proxy masquerading masquerade fully-random
	add rule ip kube-proxy nat-output jump services
	add rule ip kube-proxy nat-postrouting jump masquerading
	add rule ip kube-proxy nat-prerouting jump services
	add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
	add rule ip kube-proxy reject-chain reject
	add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
	add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
	
	add element ip kube-proxy nodeport-ips { 192.168.0.2 }
	add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services
	`);

// ---------------------------------------------------------------- chain names

describe('chain names (proxier.go hashAndTruncate)', () => {
	// proxier_test.go Test_servicePortChainNameBase
	test.each([
		['testing', 'service', 'tcp', 'http', 'P4ZYZVCF-testing/service/tcp/http'],
		['testing', 'service', 'tcp', 'https', 'LZBRENCP-testing/service/tcp/https'],
		[
			'very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx',
			'very-long-service-name-why-would-you-even-do-this-i-mean-really',
			'sctp',
			'port-443-providing-the-hypertext-transmission-protocol-with-tls',
			'KR6NACJP-very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx/very-long-service-name-why-would-you-even-do-this-i-mean-really/sctp/port-443-providing-the-hypertext-transmission-protocol-with-tls',
		],
	])('servicePortChainNameBase(%s/%s %s %s)', (ns, name, protocol, port, expected) => {
		expect(servicePortChainNameBase(ns, name, protocol, port)).toBe(expected);
	});
	// proxier_test.go Test_servicePortEndpointChainNameBase
	const LONG = ['very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx', 'very-long-service-name-why-would-you-even-do-this-i-mean-really', 'sctp', 'port-443-providing-the-hypertext-transmission-protocol-with-tls'] as const;
	test.each([
		[['testing', 'service', 'tcp', 'http'], '10.180.0.1:80', 'JO2XBXZR-testing/service/tcp/http__10.180.0.1/80'],
		[['testing', 'service', 'tcp', 'http'], '10.180.0.2:80', '5S6H3H22-testing/service/tcp/http__10.180.0.2/80'],
		[['testing', 'service', 'tcp', 'http'], '[fd80:abcd:12::a1b2:c3d4:e5f6:9999]:80', 'U7E2ET36-testing/service/tcp/http__fd80.abcd.12..a1b2.c3d4.e5f6.9999/80'],
		[
			LONG,
			'[1234:5678:9abc:def0::abc:1234]:443',
			'5YS7AFEA-very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx/very-long-service-name-why-would-you-even-do-this-i-mean-really/sctp/port-443-providing-the-hypertext-transmission-protocol-with-tls__1234.5678.9abc.def0..abc.1234/443',
		],
		[
			LONG,
			'[1234:5678:9abc:def0::abcd:1234:5678]:443',
			'CI6C53Q3-very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx/very-long-service-name-why-would-you-even-do-this-i-mean-really/sctp/port-443-providing-the-hypertext-transmission-protocol-with-tls__1234.5678.9abc.def0..abcd.1234...',
		],
		[
			LONG,
			'[1234:5678:9abc:def0::abcd:1234:8765]:443',
			'2FLXFK6X-very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx/very-long-service-name-why-would-you-even-do-this-i-mean-really/sctp/port-443-providing-the-hypertext-transmission-protocol-with-tls__1234.5678.9abc.def0..abcd.1234...',
		],
	])('servicePortEndpointChainNameBase(%j, %s)', ([ns, name, protocol, port], endpoint, expected) => {
		expect(servicePortEndpointChainNameBase(ns, name, protocol, port, endpoint)).toBe(expected);
	});
	test('a truncated name is 240 bytes, ending in "..."', () => {
		const name = hashAndTruncate('x'.repeat(300));
		expect(name).toHaveLength(240);
		expect(name.endsWith('...')).toBe(true);
	});
});

// ---------------------------------------------------------------- kube-proxy's own tests

const OVERALL =
	PROXY_CONFIG() +
	NODE +
	OVERALL_SERVICES +
	slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]') +
	OVERALL_SLICES_AFTER_SVC1;

/** TestSyncProxyRulesRepeated's services (ns1/svc1 and ns3/svc3 on port 80, ns2/svc2 on 8080, ns4/svc4 on 80). */
const REPEATED = {
	svc1: svc('ns1', 'svc1', '{type: ClusterIP, clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}'),
	svc2: svc('ns2', 'svc2', '{type: ClusterIP, clusterIP: 172.30.0.42, ports: [{name: p8080, port: 8080, protocol: TCP}]}'),
	svc3: svc('ns3', 'svc3', '{type: ClusterIP, clusterIP: 172.30.0.43, ports: [{name: p80, port: 80, protocol: TCP}]}'),
	svc4: svc('ns4', 'svc4', '{type: ClusterIP, clusterIP: 172.30.0.44, ports: [{name: p80, port: 80, protocol: TCP}]}'),
	eps1: slice('ns1', 'svc1', '[{addresses: [10.0.1.1]}]'),
	eps2: slice('ns2', 'svc2', '[{addresses: [10.0.2.1]}]', '[{name: p8080, port: 8080, protocol: TCP}]'),
	eps3: slice('ns3', 'svc3', '[{addresses: [10.0.3.1]}]'),
};

describe('proxier_test.go', () => {
	test('TestOverallNFTablesRules', () => {
		// pkg/proxy/nftables/proxier_test.go TestOverallNFTablesRules: the expected text verbatim.
		const expected =
			BASE_RULES +
			dedent(`
		# svc1
		add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }

		add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
		add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80

		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }

		# svc2
		add chain ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80
		add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
		add chain ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80
		add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
		add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
		add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
		add chain ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
		add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80

		add element ip kube-proxy cluster-ips { 172.30.0.42 }
		add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
		add element ip kube-proxy service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
		add element ip kube-proxy service-ips { 1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
		add element ip kube-proxy service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }

		add element ip kube-proxy no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
		add element ip kube-proxy no-endpoint-services { 1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop }
		add element ip kube-proxy no-endpoint-services { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop }

		# svc3
		add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 }
		add chain ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80
		add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 jump mark-for-masquerade
		add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 goto service-4AT6LBPK-ns3/svc3/tcp/p80
		add chain ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80
		add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80

		add element ip kube-proxy cluster-ips { 172.30.0.43 }
		add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
		add element ip kube-proxy service-nodeports { tcp . 3003 : goto external-4AT6LBPK-ns3/svc3/tcp/p80 }

		# svc4
		add chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80
		add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }
		add chain ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80
		add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 jump mark-for-masquerade
		add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 goto service-LAUZTJTB-ns4/svc4/tcp/p80
		add chain ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80
		add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 ip saddr 10.180.0.5 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 meta l4proto tcp dnat to 10.180.0.5:80
		add chain ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80
		add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 ip saddr 10.180.0.4 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 meta l4proto tcp dnat to 10.180.0.4:80

		add element ip kube-proxy cluster-ips { 172.30.0.44 }
		add element ip kube-proxy service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
		add element ip kube-proxy service-ips { 192.168.99.33 . tcp . 80 : goto external-LAUZTJTB-ns4/svc4/tcp/p80 }

		# svc5
		add set ip kube-proxy affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
		add chain ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80
		add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip daddr 172.30.0.45 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
		add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 }
		add chain ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80
		add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 jump mark-for-masquerade
		add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 goto service-HVFWP5L3-ns5/svc5/tcp/p80

		add chain ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
		add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
		add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80

		add chain ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80
		add rule ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr != { 203.0.113.0/25 } drop

		add element ip kube-proxy cluster-ips { 172.30.0.45 }
		add element ip kube-proxy service-ips { 172.30.0.45 . tcp . 80 : goto service-HVFWP5L3-ns5/svc5/tcp/p80 }
		add element ip kube-proxy service-ips { 5.6.7.8 . tcp . 80 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
		add element ip kube-proxy service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
		add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }

		# svc6
		add element ip kube-proxy cluster-ips { 172.30.0.46 }
		add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
		`);
		assertNFTablesTransactionEqual(expected, rules(OVERALL));
	});

	test('TestSyncProxyRulesRepeated: the first sync of two ClusterIP Services', () => {
		const expected =
			BASE_RULES +
			dedent(`
		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy cluster-ips { 172.30.0.42 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 8080 : goto service-MHHHYRWA-ns2/svc2/tcp/p8080 }

		add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 }
		add chain ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 ip saddr 10.0.1.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 meta l4proto tcp dnat to 10.0.1.1:80

		add chain ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080
		add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 numgen random mod 1 vmap { 0 : goto endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 }
		add chain ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080
		add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 ip saddr 10.0.2.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 meta l4proto tcp dnat to 10.0.2.1:8080
                `);
		const { svc1, svc2, eps1, eps2 } = REPEATED;
		assertNFTablesTransactionEqual(expected, rules(PROXY_CONFIG() + NODE + svc1 + svc2 + eps1 + eps2));
	});

	test('TestSyncProxyRulesRepeated: a Service without endpoints is rejected through @no-endpoint-services', () => {
		// The state after svc2 is deleted (its stale chains aged out) and svc4 is added with no
		// endpoints: what a first sync of svc1, svc3 and svc4 writes.
		const expected =
			BASE_RULES +
			dedent(`
		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy cluster-ips { 172.30.0.43 }
		add element ip kube-proxy cluster-ips { 172.30.0.44 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }

		add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 }
		add chain ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 ip saddr 10.0.1.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 meta l4proto tcp dnat to 10.0.1.1:80

		add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 }
		add chain ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80
		add rule ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 ip saddr 10.0.3.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 meta l4proto tcp dnat to 10.0.3.1:80

		add element ip kube-proxy no-endpoint-services { 172.30.0.44 . tcp . 80 comment "ns4/svc4:p80" : goto reject-chain }
		`);
		const { svc1, svc3, svc4, eps1, eps3 } = REPEATED;
		assertNFTablesTransactionEqual(expected, rules(PROXY_CONFIG() + NODE + svc1 + svc3 + svc4 + eps1 + eps3));
	});

	test('TestSyncProxyRulesStartup: two endpoints share one numgen vmap; a Service with no EndpointSlice rejects', () => {
		const expected =
			BASE_RULES +
			dedent(`
		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy cluster-ips { 172.30.0.42 }
		add element ip kube-proxy cluster-ips { 172.30.0.43 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 8080 : goto service-MHHHYRWA-ns2/svc2/tcp/p8080 }
		add element ip kube-proxy no-endpoint-services { 172.30.0.43 . tcp . 80 comment "ns3/svc3:p80" : goto reject-chain }

		add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 , 1 : goto endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80 }
		add chain ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 ip saddr 10.0.1.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 meta l4proto tcp dnat to 10.0.1.1:80
		add chain ip kube-proxy endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80
		add rule ip kube-proxy endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80 ip saddr 10.0.1.2 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80 meta l4proto tcp dnat to 10.0.1.2:80

		add chain ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080
		add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 numgen random mod 1 vmap { 0 : goto endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 }
		add chain ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080
		add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 ip saddr 10.0.2.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 meta l4proto tcp dnat to 10.0.2.1:8080
	`);
		const { svc1, svc2, svc3, eps2 } = REPEATED;
		const eps1 = slice('ns1', 'svc1', '[{addresses: [10.0.1.1]}, {addresses: [10.0.1.2]}]');
		assertNFTablesTransactionEqual(expected, rules(PROXY_CONFIG() + NODE + svc1 + svc2 + svc3 + eps1 + eps2));
	});

	test('TestExternalTrafficPolicyLocal: the rules behind its packet flows', () => {
		// The Go test traces packets; these are the rules that give its answers. Pods and the node
		// reaching an external address short-circuit to every endpoint (the node masqueraded),
		// other clients reach only the local endpoint, unmasqueraded.
		const rs = rules(
			PROXY_CONFIG() +
				NODE +
				svc(
					'ns1',
					'svc1',
					'{type: LoadBalancer, externalTrafficPolicy: Local, clusterIP: 172.30.0.41, externalIPs: [192.168.99.11], healthCheckNodePort: 30000, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3001, targetPort: 80}]}',
					'{loadBalancer: {ingress: [{ip: 1.2.3.4}]}}',
				) +
				slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}, {addresses: [10.180.2.1], nodeName: test-node}]'),
		);
		const base = servicePortChainNameBase('ns1', 'svc1', 'tcp', 'p80');
		const ep = (ip: string) => `endpoint-${servicePortEndpointChainNameBase('ns1', 'svc1', 'tcp', 'p80', `${ip}:80`)}`;
		const chain = (name: string) => rs.chains.find((c) => c.name === name)?.rules.map((r) => (r.comment ? `${r.rule} comment "${r.comment}"` : r.rule));
		expect(chain(`external-${base}`)).toEqual([
			`ip saddr 10.0.0.0/8 goto service-${base} comment "short-circuit pod traffic"`,
			`fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"`,
			`fib saddr type local goto service-${base} comment "short-circuit local traffic"`,
			`goto local-${base}`,
		]);
		expect(chain(`local-${base}`)).toEqual([`numgen random mod 1 vmap { 0 : goto ${ep('10.180.2.1')} }`]);
		expect(chain(`service-${base}`)).toEqual([
			'ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade',
			`numgen random mod 2 vmap { 0 : goto ${ep('10.180.0.1')} , 1 : goto ${ep('10.180.2.1')} }`,
		]);
		const elements = (name: string) => rs.sets.find((s) => s.name === name)?.elements.map((e) => `${e.key.join(' . ')} : ${e.value?.join(' . ')}`);
		expect(elements('service-ips')).toEqual([`172.30.0.41 . tcp . 80 : goto service-${base}`, `192.168.99.11 . tcp . 80 : goto external-${base}`, `1.2.3.4 . tcp . 80 : goto external-${base}`]);
		expect(elements('service-nodeports')).toEqual([`tcp . 3001 : goto external-${base}`]);
		expect(elements('no-endpoint-services')).toEqual([]);
	});
});

describe('proxier_test.go packet-flow cases, as rules', () => {
	const base = servicePortChainNameBase('ns1', 'svc1', 'tcp', '');
	const ep = (ip: string) => `endpoint-${servicePortEndpointChainNameBase('ns1', 'svc1', 'tcp', '', `${ip}:80`)}`;
	const noEndpoints = (rs: NftRuleset) => rs.sets.find((s) => s.name === 'no-endpoint-services')!.elements.map((e) => `${e.key.join(' . ')} comment "${e.comment}" : ${e.value!.join(' ')}`);
	const numgen = (rs: NftRuleset, chain: string) => rs.chains.find((c) => c.name === chain)?.rules.find((r) => r.rule.startsWith('numgen'))?.rule;

	test('TestInternalTrafficPolicy: Local with no local endpoint drops the cluster IP; with one, only it is used', () => {
		const service = svc('ns1', 'svc1', '{clusterIP: 172.30.1.1, internalTrafficPolicy: Local, ports: [{name: "", port: 80, protocol: TCP}]}');
		const port = '[{name: "", port: 80, protocol: TCP}]';
		const none = rules(PROXY_CONFIG() + NODE + service + slice('ns1', 'svc1', '[{addresses: [10.0.1.1], nodeName: host0}, {addresses: [10.0.1.2], nodeName: host1}]', port));
		expect(noEndpoints(none)).toEqual(['172.30.1.1 . tcp . 80 comment "ns1/svc1" : drop']);
		expect(none.chains.some((c) => c.name.includes('ns1/svc1'))).toBe(false);
		const one = rules(PROXY_CONFIG() + NODE + service + slice('ns1', 'svc1', '[{addresses: [10.0.1.1], nodeName: host0}, {addresses: [10.0.1.3], nodeName: test-node}]', port));
		expect(one.sets.find((s) => s.name === 'service-ips')!.elements.map((e) => e.value![0])).toEqual([`goto local-${base}`]);
		expect(one.chains.find((c) => c.name === `local-${base}`)!.rules.map((r) => r.rule)).toEqual([
			'ip daddr 172.30.1.1 ip saddr != 10.0.0.0/8 jump mark-for-masquerade',
			`numgen random mod 1 vmap { 0 : goto ${ep('10.0.1.3')} }`,
		]);
	});

	test('TestEndpointSliceWithTerminatingEndpointsTrafficPolicyLocal: serving terminating endpoints are used only when none is ready', () => {
		const service = svc('ns1', 'svc1', '{type: LoadBalancer, externalTrafficPolicy: Local, clusterIP: 172.30.1.1, healthCheckNodePort: 30000, ports: [{name: "", port: 80, protocol: TCP, nodePort: 30080}]}', '{loadBalancer: {ingress: [{ip: 1.2.3.4}]}}');
		const port = '[{name: "", port: 80, protocol: TCP}]';
		const term = (ip: string, serving: boolean, node = 'test-node') => `{addresses: [${ip}], nodeName: ${node}, conditions: {ready: false, serving: ${serving}, terminating: true}}`;
		const withReady = rules(PROXY_CONFIG() + NODE + service + slice('ns1', 'svc1', `[{addresses: [10.0.1.1], nodeName: test-node}, ${term('10.0.1.2', true)}, ${term('10.0.1.5', true, 'host1')}]`, port));
		expect(numgen(withReady, `local-${base}`)).toBe(`numgen random mod 1 vmap { 0 : goto ${ep('10.0.1.1')} }`);
		const onlyTerminating = rules(PROXY_CONFIG() + NODE + service + slice('ns1', 'svc1', `[${term('10.0.1.2', true)}, ${term('10.0.1.3', true)}, ${term('10.0.1.4', false)}, ${term('10.0.1.5', true, 'host1')}]`, port));
		expect(numgen(onlyTerminating, `local-${base}`)).toBe(`numgen random mod 2 vmap { 0 : goto ${ep('10.0.1.2')} , 1 : goto ${ep('10.0.1.3')} }`);
		expect(numgen(onlyTerminating, `service-${base}`)).toBe(`numgen random mod 3 vmap { 0 : goto ${ep('10.0.1.2')} , 1 : goto ${ep('10.0.1.3')} , 2 : goto ${ep('10.0.1.5')} }`);
		// Only a remote serving endpoint: external traffic from outside is dropped, the rest reaches it.
		const remote = rules(PROXY_CONFIG() + NODE + service + slice('ns1', 'svc1', `[${term('10.0.1.5', true, 'host1')}]`, port));
		expect(noEndpoints(remote)).toEqual(['1.2.3.4 . tcp . 80 comment "ns1/svc1" : drop']);
		expect(numgen(remote, `service-${base}`)).toBe(`numgen random mod 1 vmap { 0 : goto ${ep('10.0.1.5')} }`);
		// Nothing ready or serving anywhere: rejected.
		const nothing = rules(PROXY_CONFIG() + NODE + service + slice('ns1', 'svc1', `[${term('10.0.1.5', false)}, ${term('10.0.1.6', false, 'host1')}]`, port));
		expect(noEndpoints(nothing)).toEqual(['172.30.1.1 . tcp . 80 comment "ns1/svc1" : goto reject-chain', '1.2.3.4 . tcp . 80 comment "ns1/svc1" : goto reject-chain']);
		expect(nothing.sets.find((s) => s.name === 'no-endpoint-nodeports')!.elements.map((e) => e.value![0])).toEqual(['goto reject-chain']);
	});
});

// ---------------------------------------------------------------- beyond the Go tests

describe('settings and the node', () => {
	test('IPv6: the ip6 table with ip6 matches, IPv6 endpoint chain names with dots, and the IPv6 node port address', () => {
		const yaml =
			NODE +
			PROXY_CONFIG() +
			svc('ns1', 'svc1', '{type: NodePort, ipFamilyPolicy: RequireDualStack, ipFamilies: [IPv4, IPv6], clusterIPs: [172.30.0.41, "fd00:10:96::41"], ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3001}]}') +
			slice('ns1', 'svc1', '[{addresses: ["fd00:10::1"]}]', undefined, 'IPv6') +
			slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]');
		const rs = rules(yaml, FAKE, 'IPv6');
		expect(rs.nftFamily).toBe('ip6');
		const text = nftAddCommands(rs);
		const epChain = `endpoint-${servicePortEndpointChainNameBase('ns1', 'svc1', 'tcp', 'p80', '[fd00:10::1]:80')}`;
		expect(epChain).toMatch(/__fd00\.10\.\.1\/80$/);
		expect(text).toContain(`add rule ip6 kube-proxy ${epChain} meta l4proto tcp dnat to [fd00:10::1]:80\n`);
		expect(text).toContain(`add rule ip6 kube-proxy ${epChain} ip6 saddr fd00:10::1 jump mark-for-masquerade\n`);
		expect(text).toContain('ip6 daddr fd00:10:96::41 ip6 saddr != fd00:10::/64 jump mark-for-masquerade');
		expect(text).toContain('add element ip6 kube-proxy nodeport-ips { 2001:db8::1 }');
		expect(text).toContain('add set ip6 kube-proxy cluster-ips { type ipv6_addr ; comment "Active ClusterIPs" ; }');
		expect(text).toContain('ip6 daddr { fd00:10:96::/112 } drop');
		expect(text).not.toContain('10.180.0.1');
	});

	test('nodePortAddresses matching every address: no nodeport-ips set, fib daddr type local instead', () => {
		const rs = rules(NODE + PROXY_CONFIG('nodePortAddresses: [0.0.0.0/0]'));
		expect(rs.sets.map((s) => s.name)).not.toContain('nodeport-ips');
		const text = nftAddCommands(rs);
		expect(text).toContain('add rule ip kube-proxy services fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports\n');
		expect(text).toContain('add rule ip kube-proxy nodeport-endpoints-check ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports\n');
	});

	test('"primary" is the nftables default; loopback in nodePortAddresses is skipped with a warning', () => {
		const c = cluster(NODE);
		expect(proxySettings(c, {}, 'nftables').settings.nodePortAddresses).toEqual(['primary']);
		expect(proxySettings(c).settings.nodePortAddresses).toEqual([]);
		const rs = rules(NODE + PROXY_CONFIG('nodePortAddresses: [192.168.0.0/24, 127.0.0.0/8]'));
		expect(rs.sets.find((s) => s.name === 'nodeport-ips')?.elements.map((e) => e.key[0])).toEqual(['192.168.0.2']);
		expect(rs.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('localhost NodePorts are not supported'));
	});

	test('nftables.masqueradeBit and masqueradeAll come from the nftables section; mode iptables is warned about', () => {
		const c = cluster(NODE + PROXY_CONFIG('nftables: {masqueradeBit: 5, masqueradeAll: true}\niptables: {masqueradeBit: 9}'));
		const { settings } = proxySettings(c, {}, 'nftables');
		expect(settings).toMatchObject({ masqueradeBit: 5, masqueradeAll: true });
		const text = nftAddCommands(nftables(c, 'test-node', settings));
		expect(text).toContain('add rule ip kube-proxy mark-for-masquerade mark set mark or 0x00000020\n');
		expect(text).toContain('add rule ip kube-proxy masquerading mark and 0x00000020 == 0 return\n');
		const iptablesMode = cluster(NODE + PROXY_CONFIG().replace('mode: nftables', 'mode: iptables'));
		expect(proxySettings(iptablesMode, {}, 'nftables').diagnostics[0]).toMatchObject({ severity: 'warning', field: 'mode' });
		expect(proxySettings(iptablesMode).diagnostics.filter((d) => d.field === 'mode')).toEqual([]);
	});

	test('masqueradeAll masquerades every cluster IP connection; without a detector nothing is masqueraded there', () => {
		const yaml = NODE + svc('ns1', 'svc1', '{clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}') + slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]');
		const chain = `service-${servicePortChainNameBase('ns1', 'svc1', 'tcp', 'p80')}`;
		const masq = (rs: NftRuleset) => rs.chains.find((c) => c.name === chain)!.rules.filter((r) => r.rule.endsWith('jump mark-for-masquerade')).map((r) => r.rule);
		expect(masq(rules(PROXY_CONFIG('nftables: {masqueradeAll: true}') + yaml))).toEqual(['ip daddr 172.30.0.41 jump mark-for-masquerade']);
		expect(masq(rules(yaml))).toEqual([]);
	});

	test('the interface detectors match with iifname', () => {
		const yaml = NODE + svc('ns1', 'svc1', '{clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}') + slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]');
		const masq = (config: string) => nftAddCommands(rules(PROXY_CONFIG(config) + yaml)).split('\n').find((l) => l.includes('ip daddr 172.30.0.41'));
		expect(masq('detectLocalMode: BridgeInterface\ndetectLocal: {bridgeInterface: cni0}')).toMatch(/ip daddr 172\.30\.0\.41 iifname != cni0 jump mark-for-masquerade$/);
		expect(masq('detectLocalMode: InterfaceNamePrefix\ndetectLocal: {interfaceNamePrefix: veth}')).toMatch(/ip daddr 172\.30\.0\.41 iifname != veth\* jump mark-for-masquerade$/);
	});

	test('TestLoadBalancerIngressRouteTypeProxy: ipMode Proxy load balancer IPs are not programmed', () => {
		const make = (ipMode: string) =>
			rules(
				NODE +
					PROXY_CONFIG() +
					svc('ns1', 'svc1', '{type: LoadBalancer, clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3001}]}', `{loadBalancer: {ingress: [{ip: 1.2.3.4${ipMode}}]}}`) +
					slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]'),
			);
		const has = (rs: NftRuleset) => rs.sets.find((s) => s.name === 'service-ips')!.elements.some((e) => e.key[0] === '1.2.3.4');
		expect(has(make(', ipMode: Proxy'))).toBe(false);
		expect(has(make(', ipMode: VIP'))).toBe(true);
		expect(has(make(''))).toBe(true);
	});

	test('provenance: elements and rules name their Service, port, field and endpoint', () => {
		const rs = rules(OVERALL);
		const element = (set: string, key: string) => rs.sets.find((s) => s.name === set)!.elements.find((e) => e.key[0] === key);
		expect(element('service-ips', '5.6.7.8')?.source).toEqual({ service: 'ns5/svc5', port: 'p80', field: 'status.loadBalancer.ingress[0].ip' });
		expect(element('no-endpoint-services', '172.30.0.46')?.source).toMatchObject({ service: 'ns6/svc6', field: 'spec.clusterIP' });
		expect(element('no-endpoint-services', '1.2.3.4')?.source).toMatchObject({ service: 'ns2/svc2', field: 'status.loadBalancer.ingress[0].ip' });
		const dnat = rs.chains.flatMap((c) => c.rules).find((r) => r.rule.endsWith('dnat to 10.180.0.5:80'));
		expect(dnat?.source).toMatchObject({ service: 'ns4/svc4', endpoint: '10.180.0.5:80', field: 'spec.ports[0].targetPort' });
		expect(rs.sets.find((s) => s.name.startsWith('affinity-'))?.source).toMatchObject({ service: 'ns5/svc5', field: 'spec.sessionAffinity', endpoint: '10.180.0.3:80' });
	});
});

describe('nft list', () => {
	test('priorities print as nft prints them: a standard name within 10 when the hook allows it, else the number', () => {
		expect(priorityText(-110, 'prerouting')).toBe('dstnat - 10');
		expect(priorityText(-100, 'output')).toBe('dstnat');
		expect(priorityText(0, 'input')).toBe('filter');
		expect(priorityText(100, 'postrouting')).toBe('srcnat');
		// dstnat is the nearest standard priority but not valid in the input hook.
		expect(priorityText(-110, 'input')).toBe('-110');
		expect(priorityText(-90, 'forward')).toBe('-90');
	});

	test('the table lists its comment, sets and maps, then chains, as nft list does', () => {
		const text = nftList(rules(OVERALL));
		expect(text.startsWith('table ip kube-proxy {\n\tcomment "rules for kube-proxy"\n\tset cluster-ips {\n\t\ttype ipv4_addr\n\t\tcomment "Active ClusterIPs"\n')).toBe(true);
		expect(text).toContain('\t\telements = { 172.30.0.41, 172.30.0.42,\n\t\t\t     172.30.0.43, 172.30.0.44,\n\t\t\t     172.30.0.45, 172.30.0.46 }\n');
		expect(text).toContain('\tchain filter-prerouting-pre-dnat {\n\t\ttype filter hook prerouting priority dstnat - 10; policy accept;\n\t\tct state new jump firewall-check\n\t}\n');
		expect(text).toContain('\tchain reject-chain {\n\t\tcomment "helper for @no-endpoint-services / @no-endpoint-nodeports"\n\t\treject\n\t}\n');
		// The timeout flag is implied by the default timeout; 10800s lists as 3h.
		expect(text).toMatch(/\tset affinity-GTK6MW7G-ns5\/svc5\/tcp\/p80__10\.180\.0\.3\/80 {\n\t\ttype ipv4_addr\n\t\tflags dynamic\n\t\ttimeout 3h\n\t}\n/);
		// Elements with comments one per line, in the order kube-proxy adds them.
		expect(text).toContain([
				'\t\telements = { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop,',
				'\t\t\t     1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop,',
				'\t\t\t     172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }\n',
			].join('\n'));
		expect(text.endsWith('\t}\n}\n')).toBe(true);
		const sets = text.indexOf('\tmap service-ips {');
		expect(sets).toBeGreaterThan(0);
		expect(sets).toBeLessThan(text.indexOf('\tchain '));
	});

	test('each listed rule and element keeps the object it prints', () => {
		const lines = nftListLines(rules(OVERALL));
		const dnat = lines.find((l) => l.text.endsWith('dnat to 10.180.0.4:80'));
		expect(dnat?.rule?.source).toMatchObject({ service: 'ns4/svc4', endpoint: '10.180.0.4:80' });
		const nodePort = lines.find((l) => l.text.includes('tcp . 3003 : goto'));
		expect(nodePort?.element?.source).toMatchObject({ service: 'ns3/svc3', field: 'spec.ports[0].nodePort' });
	});
});

// ---------------------------------------------------------------- properties

/** Every chain a rule or a verdict-map element jumps or goes to, and every @set a rule names. */
function references(rs: NftRuleset): { chains: string[]; sets: string[] } {
	const chains: string[] = [];
	const sets: string[] = [];
	const scan = (text: string) => {
		for (const m of text.matchAll(/\b(?:jump|goto) (\S+)/g)) chains.push(m[1]);
		for (const m of text.matchAll(/@(\S+)/g)) sets.push(m[1]);
	};
	for (const c of rs.chains) for (const r of c.rules) scan(r.rule);
	for (const s of rs.sets) for (const e of s.elements) scan((e.value ?? []).join(' '));
	return { chains, sets };
}

describe('properties', () => {
	const seeds = Array.from({ length: 25 }, (_, i) => i * 7919 + 1);
	test.each(seeds)('seed %i: every goto/jump/vmap target chain and every @set is declared, once', (seed) => {
		for (const family of ['IPv4', 'IPv6'] as const) {
			const rs = rules(randomCluster(seed, 'nftables'), FAKE, family);
			const chains = new Set(rs.chains.map((c) => c.name));
			const sets = new Set(rs.sets.map((s) => s.name));
			expect(chains.size).toBe(rs.chains.length);
			expect(sets.size).toBe(rs.sets.length);
			const refs = references(rs);
			for (const c of refs.chains) expect(chains.has(c), c).toBe(true);
			for (const s of refs.sets) expect(sets.has(s), s).toBe(true);
			// A verdict map's elements all point at chains with rules (an empty chain would fall through).
			for (const c of refs.chains) expect(rs.chains.find((x) => x.name === c)!.rules.length, c).toBeGreaterThan(0);
		}
	});
	test.each(seeds)('seed %i: each numgen vmap picks among exactly its N endpoints, each once', (seed) => {
		const rs = rules(randomCluster(seed, 'nftables'));
		for (const c of rs.chains) {
			for (const r of c.rules) {
				const m = /^numgen random mod (\d+) vmap \{ (.*) \}$/.exec(r.rule);
				if (!m) continue;
				const entries = m[2].split(' , ');
				expect(entries.map((e) => Number(e.split(' : ')[0]))).toEqual(Array.from({ length: Number(m[1]) }, (_, i) => i));
				expect(new Set(entries.map((e) => e.split(' : ')[1])).size).toBe(entries.length);
			}
		}
	});
	test.each(seeds)('seed %i: element keys are unique within each set and map', (seed) => {
		for (const s of rules(randomCluster(seed, 'nftables')).sets) expect(new Set(s.elements.map((e) => e.key.join(' . '))).size, s.name).toBe(s.elements.length);
	});
	test('same input, byte-identical output', () => {
		const text = randomCluster(42, 'nftables');
		expect(nftList(rules(text))).toBe(nftList(rules(text)));
		expect(nftAddCommands(rules(text))).toBe(nftAddCommands(rules(text)));
		expect(JSON.stringify(rules(text))).toBe(JSON.stringify(rules(text)));
	});
	test('garbage settings do not throw: a bad masqueradeBit becomes a diagnostic', () => {
		const c = cluster(NODE + PROXY_CONFIG('nftables: {masqueradeBit: 99}\nnodePortAddresses: [bogus]'));
		const { settings, diagnostics } = proxySettings(c, {}, 'nftables');
		expect(settings.masqueradeBit).toBe(14);
		expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.field)).toEqual(['nftables.masqueradeBit', 'nodePortAddresses']);
		expect(() => nftables(c, 'no-such-node', settings)).not.toThrow();
	});
});
