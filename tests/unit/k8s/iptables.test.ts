/**
 * The iptables view against kube-proxy's own tests: kubernetes/kubernetes
 * pkg/proxy/iptables/proxier_test.go. Its tests build services with NewFakeProxier (node
 * "test-node", node IP 192.168.0.2, pod CIDR 10.0.0.0/8 for the local detector, masquerade mark
 * "0x4000", localhostNodePorts true, nfacct counters present, a fake iptables without
 * --random-fully) and compare with assertIPTablesRulesEqual, which sorts the generated rules with
 * sortIPTablesRules (tables by name; chains KUBE-NODEPORTS, KUBE-SERVICES, then alphabetically;
 * rules grouped by chain; KUBE-NODEPORTS and KUBE-SERVICES rules stably sorted by the service name
 * in their comment, the "must be the last rule" rule last) and compares text. The same is done here.
 */
import { describe, expect, test } from 'vitest';
import { load } from '../../../src/k8s/load.ts';
import { buildCluster } from '../../../src/k8s/model.ts';
import { resolveSettings } from '../../../src/k8s/settings.ts';
import { NODE, OVERALL_SERVICES, OVERALL_SLICES_AFTER_SVC1, proxyConfig, randomCluster, slice, svc } from './proxier-inputs.ts';
import { base32, sha256, sha256String, toHex } from '../../../src/k8s/sha256.ts';
import {
	computeProbability,
	formatMark,
	iptables,
	iptablesSave,
	proxySettings,
	type ProxySettings,
	type Ruleset,
	servicePortEndpointChainName,
	servicePortPolicyClusterChain,
} from '../../../src/k8s/iptables.ts';

// ---------------------------------------------------------------- sortIPTablesRules, in TypeScript

interface Chain {
	name: string;
	rules: { raw: string; comment?: string }[];
}

/** pkg/util/iptables/testing/parse.go ParseRule's word split: a quoted string is one word. */
function commentOf(rule: string): string | undefined {
	const words = [...rule.matchAll(/(?:^|\s)("[^"]*"|[^"]\S*)/g)].map((m) => m[1].replace(/^"+|"+$/g, ''));
	const i = words.indexOf('--comment');
	return i >= 0 && i + 1 < words.length ? words[i + 1] : undefined;
}

/** proxier_test.go orderByCommentServiceName */
function orderByCommentServiceName(a: { comment?: string }, b: { comment?: string }): boolean {
	if (a.comment === undefined || b.comment === undefined) return false;
	const cut = (s: string) => {
		const i = s.search(/[ :]/);
		return i === -1 ? s : s.slice(0, i);
	};
	return cut(a.comment) < cut(b.comment);
}

/** Go's sort.SliceStable for short slices: an insertion sort with the `less` function. */
function stableSort<T>(items: T[], less: (a: T, b: T) => boolean) {
	for (let i = 1; i < items.length; i++) {
		for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) [items[j], items[j - 1]] = [items[j - 1], items[j]];
	}
}

/** proxier_test.go sortIPTablesRules, over ParseIPTablesDump and IPTablesDump.String(). */
function sortIPTablesRules(data: string): string {
	const tables: { name: string; chains: Chain[] }[] = [];
	let table: { name: string; chains: Chain[] } | undefined;
	let declaring = false;
	for (const raw of data.replace(/^\n+|\n+$/g, '').split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		if (!table) {
			const m = /^\*(.*)$/.exec(line);
			if (!m) throw new Error(`table starts with ${line}`);
			table = { name: m[1], chains: [] };
			tables.push(table);
			declaring = true;
			continue;
		}
		const decl = declaring ? /^:([^ ]*) - \[([0-9]*):([0-9]*)\]$/.exec(line) : null;
		if (decl) {
			table.chains.push({ name: decl[1], rules: [] });
			continue;
		}
		declaring = false;
		const add = /^-A ([^ ]*) (.*)$/.exec(line);
		if (add) {
			const chain = table.chains.find((c) => c.name === add[1]);
			if (!chain) throw new Error(`no such chain ${add[1]}`);
			chain.rules.push({ raw: line, comment: commentOf(line) });
		} else if (line === 'COMMIT') table = undefined;
		else throw new Error(`error parsing rule ${line}`);
	}
	tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	for (const t of tables) {
		stableSort(t.chains, (a, b) => {
			if (a.name === 'KUBE-NODEPORTS') return true;
			if (b.name === 'KUBE-NODEPORTS') return false;
			if (a.name === 'KUBE-SERVICES') return true;
			if (b.name === 'KUBE-SERVICES') return false;
			const ak = a.name.startsWith('KUBE-');
			const bk = b.name.startsWith('KUBE-');
			if (ak !== bk) return ak;
			return a.name < b.name;
		});
		for (const c of t.chains) {
			if (c.name === 'KUBE-NODEPORTS' || (c.name === 'KUBE-SERVICES' && t.name === 'filter')) stableSort(c.rules, orderByCommentServiceName);
			if (c.name === 'KUBE-SERVICES' && t.name === 'nat') {
				stableSort(c.rules, (a, b) => {
					if (a.comment?.includes('must be the last rule')) return false;
					if (b.comment?.includes('must be the last rule')) return true;
					return orderByCommentServiceName(a, b);
				});
			}
		}
	}
	let out = '';
	for (const t of tables) {
		out += `*${t.name}\n`;
		for (const c of t.chains) out += `:${c.name} - [0:0]\n`;
		for (const c of t.chains) for (const r of c.rules) out += `${r.raw}\n`;
		out += 'COMMIT\n';
	}
	return out;
}

/** github.com/lithammer/dedent, as the Go tests write their expectations. */
const dedent = (text: string) => {
	const lines = text.split('\n');
	const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[\t ]*/.exec(l)![0].length));
	return lines.map((l) => l.slice(indent)).join('\n');
};

/** assertIPTablesRulesEqual: the expected text as written, the generated one sorted. */
function assertIPTablesRulesEqual(expected: string, result: string) {
	expect(sortIPTablesRules(result.replace(/^[ \t\n]+/, ''))).toBe(dedent(expected).replace(/^[ \t\n]+/, ''));
}

// ---------------------------------------------------------------- building clusters like NewFakeProxier

/** The settings NewFakeProxier gives its Proxier (proxier_test.go). */
const FAKE: Partial<ProxySettings> = { masqueradeMark: '0x4000', randomFully: false, nfacct: true, localhostNodePorts: true };

const PROXY_CONFIG = (extra = '') => proxyConfig(extra);

function cluster(yaml: string, serviceCIDRs = '172.30.0.0/16,fd00:172:30::/108') {
	return buildCluster(load(yaml), resolveSettings({ serviceCIDRs }).settings);
}

function rules(yaml: string, overrides: Partial<ProxySettings> = FAKE, family?: 'IPv4' | 'IPv6'): Ruleset {
	const c = cluster(yaml);
	return iptables(c, 'test-node', proxySettings(c, overrides).settings, family);
}

// ---------------------------------------------------------------- SHA-256 and chain names

describe('sha256 (FIPS 180-4 / RFC 6234 test vectors)', () => {
	test.each([
		['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
		['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
		['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
		[
			'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
			'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
		],
	])('SHA-256(%j)', (input, hex) => {
		expect(toHex(sha256String(input))).toBe(hex);
	});
	test('one million "a"', () => {
		expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
	});
	test('base32 is RFC 4648 (Go base32.StdEncoding), with padding', () => {
		const enc = (s: string) => base32(new TextEncoder().encode(s));
		expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual(['', 'MY======', 'MZXQ====', 'MZXW6===', 'MZXW6YQ=', 'MZXW6YTB', 'MZXW6YTBOI======']);
	});
	test('chain names as proxier_test.go expects them', () => {
		// TestOverallIPTablesRules: ns1/svc1:p80 → KUBE-SVC-XPGD46QRK7WJZT7O, its endpoint 10.180.0.1:80 → KUBE-SEP-SXIVWICOYRO3J4NJ
		expect(servicePortPolicyClusterChain('ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
		expect(servicePortEndpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
	});
});

describe('formatting', () => {
	test('probabilities are Go "%0.10f" of 1/n, rounding exact halves to even', () => {
		expect([2, 3, 7, 1000].map(computeProbability)).toEqual(['0.5000000000', '0.3333333333', '0.1428571429', '0.0010000000']);
		// 1/2048 = 0.00048828125 exactly: Go rounds half to even, JavaScript's toFixed would give …813.
		expect(computeProbability(2048)).toBe('0.0004882812');
	});
	test('the masquerade mark is NewProxier\'s fmt "%#08x" of 1 << masqueradeBit', () => {
		expect(formatMark(1 << 14)).toBe('0x00004000');
		expect(formatMark(2 ** 31)).toBe('0x80000000');
	});
});

// ---------------------------------------------------------------- kube-proxy's own tests

const OVERALL =
	PROXY_CONFIG() +
	NODE +
	OVERALL_SERVICES +
	slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]') +
	OVERALL_SLICES_AFTER_SVC1;

describe('proxier_test.go', () => {
	test('TestOverallIPTablesRules', () => {
		// pkg/proxy/iptables/proxier_test.go TestOverallIPTablesRules: the expected text verbatim.
		assertIPTablesRulesEqual(
			`
		*filter
		:KUBE-NODEPORTS - [0:0]
		:KUBE-SERVICES - [0:0]
		:KUBE-EXTERNAL-SERVICES - [0:0]
		:KUBE-FIREWALL - [0:0]
		:KUBE-FORWARD - [0:0]
		:KUBE-PROXY-FIREWALL - [0:0]
		-A KUBE-NODEPORTS -m comment --comment "ns2/svc2:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT
		-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
		-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP
		-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
		-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
		-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
		-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
		-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
		-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
		-A KUBE-PROXY-FIREWALL -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP
		COMMIT
		*nat
		:KUBE-NODEPORTS - [0:0]
		:KUBE-SERVICES - [0:0]
		:KUBE-EXT-4SW47YFZTEDKD3PK - [0:0]
		:KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]
		:KUBE-EXT-NUKIZ6OKUXPJNT4C - [0:0]
		:KUBE-EXT-X27LE4BHSL4DOUIK - [0:0]
		:KUBE-FW-NUKIZ6OKUXPJNT4C - [0:0]
		:KUBE-MARK-MASQ - [0:0]
		:KUBE-POSTROUTING - [0:0]
		:KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]
		:KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]
		:KUBE-SEP-OYPFS5VJICHGATKP - [0:0]
		:KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]
		:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
		:KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]
		:KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]
		:KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]
		:KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]
		:KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
		:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
		-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
		-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
		-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3003 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-X27LE4BHSL4DOUIK
		-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK
		-A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3002 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-NUKIZ6OKUXPJNT4C
		-A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 3002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
		-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
		-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
		-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
		-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
		-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
		-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
		-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK
		-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C
		-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C
		-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
		-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ
		-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK
		-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
		-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
		-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
		-A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ
		-A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C
		-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ
		-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK
		-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
		-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"
		-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
		-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
		-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
		-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
		-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
		-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
		-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
		-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
		-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
		-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
		-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
		-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
		-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
		-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
		-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
		-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
		-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
		-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
		-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
		-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
		-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ
		-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
		-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN
		-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN
		-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
		-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP
		-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
		-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
		COMMIT
		`,
			iptablesSave(rules(OVERALL)),
		);
	});

	test('TestSyncProxyRulesRepeated (the first, full sync)', () => {
		// pkg/proxy/iptables/proxier_test.go TestSyncProxyRulesRepeated, first expected block. That
		// version's NewFakeProxier had no nfacct counters (so the INVALID rule has no -m nfacct).
		const yaml =
			PROXY_CONFIG() +
			NODE +
			svc('ns1', 'svc1', '{type: ClusterIP, clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}') +
			svc('ns2', 'svc2', '{type: ClusterIP, clusterIP: 172.30.0.42, ports: [{name: p8080, port: 8080, protocol: TCP}]}') +
			slice('ns1', 'svc1', '[{addresses: [10.0.1.1]}]') +
			slice('ns2', 'svc2', '[{addresses: [10.0.2.1]}]', '[{name: p8080, port: 8080, protocol: TCP}]');
		assertIPTablesRulesEqual(
			`
		*filter
		:KUBE-NODEPORTS - [0:0]
		:KUBE-SERVICES - [0:0]
		:KUBE-EXTERNAL-SERVICES - [0:0]
		:KUBE-FIREWALL - [0:0]
		:KUBE-FORWARD - [0:0]
		:KUBE-PROXY-FIREWALL - [0:0]
		-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
		-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
		-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
		-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
		COMMIT
		*nat
		:KUBE-NODEPORTS - [0:0]
		:KUBE-SERVICES - [0:0]
		:KUBE-MARK-MASQ - [0:0]
		:KUBE-POSTROUTING - [0:0]
		:KUBE-SEP-SNQ3ZNILQDEJNDQO - [0:0]
		:KUBE-SEP-UHEGFW77JX3KXTOV - [0:0]
		:KUBE-SVC-2VJB64SDSIJUP5T6 - [0:0]
		:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
		-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
		-A KUBE-SERVICES -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 -j KUBE-SVC-2VJB64SDSIJUP5T6
		-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
		-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
		-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
		-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
		-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
		-A KUBE-SEP-SNQ3ZNILQDEJNDQO -m comment --comment ns1/svc1:p80 -s 10.0.1.1 -j KUBE-MARK-MASQ
		-A KUBE-SEP-SNQ3ZNILQDEJNDQO -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.1.1:80
		-A KUBE-SEP-UHEGFW77JX3KXTOV -m comment --comment ns2/svc2:p8080 -s 10.0.2.1 -j KUBE-MARK-MASQ
		-A KUBE-SEP-UHEGFW77JX3KXTOV -m comment --comment ns2/svc2:p8080 -m tcp -p tcp -j DNAT --to-destination 10.0.2.1:8080
		-A KUBE-SVC-2VJB64SDSIJUP5T6 -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
		-A KUBE-SVC-2VJB64SDSIJUP5T6 -m comment --comment "ns2/svc2:p8080 -> 10.0.2.1:8080" -j KUBE-SEP-UHEGFW77JX3KXTOV
		-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
		-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.0.1.1:80" -j KUBE-SEP-SNQ3ZNILQDEJNDQO
		COMMIT
		`,
			iptablesSave(rules(yaml, { ...FAKE, nfacct: false })),
		);
	});
});

// ---------------------------------------------------------------- smaller cases (packet-flow tests of proxier_test.go, as rules)

const lines = (rs: Ruleset, table: 'filter' | 'nat') =>
	iptablesSave({ ...rs, tables: rs.tables.filter((t) => t.name === table) })
		.split('\n')
		.filter((l) => l.startsWith('-A '));

describe('behaviour', () => {
	test('TestNoEndpointsReject: no endpoints REJECTs the cluster IP, external IP, node port and LB IP', () => {
		const rs = rules(
			NODE +
				svc('ns1', 'svc1', '{type: LoadBalancer, clusterIP: 172.30.0.41, externalIPs: [192.168.99.11], ports: [{name: p80, protocol: TCP, port: 80, nodePort: 3001}]}', '{loadBalancer: {ingress: [{ip: 1.2.3.4}]}}'),
		);
		expect(lines(rs, 'filter').filter((l) => l.includes('REJECT'))).toEqual([
			'-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT',
			'-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 192.168.99.11 --dport 80 -j REJECT',
			'-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j REJECT',
			'-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j REJECT',
		]);
		// No nat chain at all for the Service.
		expect(rs.tables[1].chains.filter((c) => /^KUBE-(SVC|SEP|EXT|FW|SVL)-/.test(c))).toEqual([]);
	});

	test('TestInternalTrafficPolicy: Local with no local endpoint DROPs the cluster IP; with one, only it is used (KUBE-SVL)', () => {
		const base = NODE + PROXY_CONFIG() + svc('ns1', 'svc1', '{clusterIP: 172.30.1.1, internalTrafficPolicy: Local, ports: [{name: p80, port: 80, protocol: TCP}]}');
		const none = rules(base + slice('ns1', 'svc1', '[{addresses: [10.0.1.1], nodeName: host0}, {addresses: [10.0.1.2], nodeName: host1}]'));
		expect(lines(none, 'filter')).toContain('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j DROP');
		expect(none.tables[1].chains.some((c) => c.startsWith('KUBE-SVL-'))).toBe(false);
		const one = rules(base + slice('ns1', 'svc1', '[{addresses: [10.0.1.1], nodeName: host0}, {addresses: [10.0.1.3], nodeName: test-node}]'));
		const svl = `KUBE-SVL-${servicePortPolicyClusterChain('ns1/svc1:p80', 'tcp').slice(9)}`;
		expect(lines(one, 'nat').filter((l) => l.startsWith(`-A ${svl}`) || l.includes(`-j ${svl}`))).toEqual([
			`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j ${svl}`,
			`-A ${svl} -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ`,
			`-A ${svl} -m comment --comment "ns1/svc1:p80 -> 10.0.1.3:80" -j ${servicePortEndpointChainName('ns1/svc1:p80', 'tcp', '10.0.1.3:80')}`,
		]);
	});

	test('TestEndpointSliceWithTerminatingEndpointsTrafficPolicyLocal: serving terminating endpoints are used only when none is ready', () => {
		const base = NODE + PROXY_CONFIG() + svc('ns1', 'svc1', '{type: NodePort, externalTrafficPolicy: Local, clusterIP: 172.30.1.1, ports: [{name: p80, port: 80, protocol: TCP, nodePort: 30080}]}');
		const term = (ip: string, serving: boolean) => `{addresses: [${ip}], nodeName: test-node, conditions: {ready: false, serving: ${serving}, terminating: true}}`;
		const withReady = rules(base + slice('ns1', 'svc1', `[{addresses: [10.0.1.1], nodeName: test-node}, ${term('10.0.1.2', true)}]`));
		expect(lines(withReady, 'nat').filter((l) => l.includes('DNAT')).map((l) => l.split(' ').pop())).toEqual(['10.0.1.1:80']);
		const onlyTerminating = rules(base + slice('ns1', 'svc1', `[${term('10.0.1.2', true)}, ${term('10.0.1.3', false)}, {addresses: [10.0.1.4], nodeName: test-node, conditions: {ready: false}}]`));
		expect(lines(onlyTerminating, 'nat').filter((l) => l.includes('DNAT')).map((l) => l.split(' ').pop())).toEqual(['10.0.1.2:80']);
	});

	test('an address listed by two slices is one endpoint; a ready listing wins over a terminating one (endpointslicecache.go)', () => {
		const base = NODE + PROXY_CONFIG() + svc('ns1', 'svc1', '{clusterIP: 172.30.1.1, ports: [{name: p80, port: 80, protocol: TCP}]}');
		const terminating = '{addresses: [10.0.1.1], nodeName: host0, conditions: {ready: false, serving: true, terminating: true}}';
		const ready = '{addresses: [10.0.1.1], nodeName: host0}';
		const dnat = (rs: Ruleset) => lines(rs, 'nat').filter((l) => l.includes('DNAT'));
		// Terminating first, ready later: the ready one replaces it, so the Service has a ready endpoint.
		const replaced = rules(base + slice('ns1', 'svc1', `[${terminating}]`) + slice('ns1', 'svc1', `[${ready}, {addresses: [10.0.1.2], nodeName: host0}]`));
		expect(dnat(replaced).map((l) => l.split(' ').pop())).toEqual(['10.0.1.1:80', '10.0.1.2:80']);
		expect(lines(replaced, 'nat').filter((l) => l.includes('--probability'))).toHaveLength(1);
		// Ready first, terminating later: the ready one stands.
		const kept = rules(base + slice('ns1', 'svc1', `[${ready}]`) + slice('ns1', 'svc1', `[${terminating}, {addresses: [10.0.1.2], nodeName: host0}]`));
		expect(dnat(kept).map((l) => l.split(' ').pop())).toEqual(['10.0.1.1:80', '10.0.1.2:80']);
	});

	test('TestMasqueradeRule: --random-fully when iptables supports it; the mark from masqueradeBit', () => {
		const c = cluster(NODE + PROXY_CONFIG('iptables: {masqueradeBit: 5}'));
		const { settings } = proxySettings(c);
		const rs = iptables(c, 'test-node', settings);
		expect(lines(rs, 'nat').filter((l) => l.startsWith('-A KUBE-POSTROUTING') || l.startsWith('-A KUBE-MARK-MASQ'))).toEqual([
			'-A KUBE-POSTROUTING -m mark ! --mark 0x00000020/0x00000020 -j RETURN',
			'-A KUBE-POSTROUTING -j MARK --xor-mark 0x00000020',
			'-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
			'-A KUBE-MARK-MASQ -j MARK --or-mark 0x00000020',
		]);
		expect(proxySettings(cluster(NODE)).settings.masqueradeBit).toBe(14);
	});

	test('masqueradeAll masquerades every cluster IP connection; without a clusterCIDR nothing is masqueraded there', () => {
		const yaml = NODE + svc('ns1', 'svc1', '{clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}') + slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]');
		const chain = servicePortPolicyClusterChain('ns1/svc1:p80', 'tcp');
		const masq = (rs: Ruleset) => lines(rs, 'nat').filter((l) => l.startsWith(`-A ${chain}`) && l.endsWith('KUBE-MARK-MASQ'));
		expect(masq(rules(PROXY_CONFIG('iptables: {masqueradeAll: true}') + yaml, { ...FAKE }))).toEqual([
			`-A ${chain} -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ`,
		]);
		expect(masq(rules(yaml))).toEqual([]);
	});

	test('TestNodePortsWithNodeIP-style nodePortAddresses: one KUBE-NODEPORTS jump per matching node address', () => {
		const rs = rules(NODE + PROXY_CONFIG('nodePortAddresses: [192.168.0.0/24, 127.0.0.0/8]'));
		expect(lines(rs, 'nat').filter((l) => l.includes('-j KUBE-NODEPORTS'))).toEqual([
			'-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS',
			'-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 127.0.0.1 -j KUBE-NODEPORTS',
		]);
		// Without loopback in nodePortAddresses, localhost node ports are off: no KUBE-FIREWALL chain.
		const primary = rules(NODE + PROXY_CONFIG('nodePortAddresses: [primary]'));
		expect(primary.tables[0].chains).not.toContain('KUBE-FIREWALL');
		expect(lines(primary, 'nat').filter((l) => l.includes('-j KUBE-NODEPORTS'))).toHaveLength(1);
	});

	test('IPv6: the IPv6 ruleset uses the IPv6 cluster IP, endpoints and CIDR, and never allows localhost node ports', () => {
		const yaml =
			NODE +
			PROXY_CONFIG() +
			svc('ns1', 'svc1', '{type: NodePort, ipFamilyPolicy: RequireDualStack, ipFamilies: [IPv4, IPv6], clusterIPs: [172.30.0.41, "fd00:172:30::41"], ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3001}]}') +
			slice('ns1', 'svc1', '[{addresses: ["fd00:10::1"]}]', undefined, 'IPv6') +
			slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]');
		const v6 = rules(yaml, FAKE, 'IPv6');
		expect(v6.family).toBe('IPv6');
		const nat = lines(v6, 'nat');
		const sep = servicePortEndpointChainName('ns1/svc1:p80', 'tcp', '[fd00:10::1]:80');
		expect(nat).toContain(`-A ${sep} -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination [fd00:10::1]:80`);
		expect(nat.some((l) => l.includes('-d fd00:172:30::41 --dport 80'))).toBe(true);
		expect(nat.some((l) => l.includes('! -s fd00:10::/64 -j KUBE-MARK-MASQ'))).toBe(true);
		expect(nat.some((l) => l.includes('10.180.0.1') || l.includes('nfacct'))).toBe(false);
		expect(nat).toContain('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS');
		expect(v6.tables[0].chains).not.toContain('KUBE-FIREWALL');
	});

	test('TestSyncProxyRulesLargeClusterMode: above 1000 endpoints the SVC→SEP and SEP rules lose their comments', () => {
		const eps = (base: number, n: number) => `[${Array.from({ length: n }, (_, i) => `{addresses: [10.${base}.${Math.floor(i / 250)}.${(i % 250) + 1}]}`).join(', ')}]`;
		const make = (n: number) =>
			NODE +
			PROXY_CONFIG() +
			svc('ns1', 'svc1', '{clusterIP: 172.30.0.41, ports: [{name: p80, port: 80, protocol: TCP}]}') +
			slice('ns1', 'svc1', eps(1, n));
		const small = rules(make(1000));
		expect(small.largeClusterMode).toBe(false);
		expect(lines(small, 'nat').filter((l) => l.includes('-j DNAT')).every((l) => l.includes('--comment ns1/svc1:p80'))).toBe(true);
		const large = rules(make(1001));
		expect(large.largeClusterMode).toBe(true);
		const dnat = lines(large, 'nat').filter((l) => l.includes('-j DNAT'));
		expect(dnat).toHaveLength(1001);
		expect(dnat.some((l) => l.includes('--comment'))).toBe(false);
		// KUBE-SERVICES keeps its comments.
		expect(lines(large, 'nat').filter((l) => l.startsWith('-A KUBE-SERVICES')).every((l) => l.includes('--comment'))).toBe(true);
	});

	test('provenance: each service rule names its Service, port and field; endpoint rules name the endpoint', () => {
		const rs = rules(OVERALL);
		const lb = rs.tables[1].rules.find((r) => r.chain === 'KUBE-SERVICES' && r.args.includes('5.6.7.8'));
		expect(lb?.source).toEqual({ service: 'ns5/svc5', port: 'p80', field: 'status.loadBalancer.ingress[0].ip' });
		const dnat = rs.tables[1].rules.find((r) => r.args.includes('DNAT') && r.args.includes('10.180.0.5:80'));
		expect(dnat?.source).toMatchObject({ service: 'ns4/svc4', endpoint: '10.180.0.5:80' });
		expect(rs.tables[0].rules.find((r) => r.args.includes('REJECT'))?.source).toMatchObject({ service: 'ns6/svc6', field: 'spec.clusterIP' });
	});
});

// ---------------------------------------------------------------- properties

const BUILTIN_TARGETS = new Set(['ACCEPT', 'REJECT', 'DROP', 'MARK', 'RETURN', 'DNAT', 'SNAT', 'MASQUERADE']);

describe('properties', () => {
	const seeds = Array.from({ length: 25 }, (_, i) => i * 7919 + 1);
	test.each(seeds)('seed %i: every -j target is declared (or built in), every used chain has rules, no chain declared twice', (seed) => {
		const rs = rules(randomCluster(seed));
		for (const t of rs.tables) {
			const declared = new Set(t.chains);
			expect(declared.size).toBe(t.chains.length);
			const filled = new Set(t.rules.map((r) => r.chain));
			for (const r of t.rules) {
				expect(declared.has(r.chain), `${t.name} ${r.chain}`).toBe(true);
				const j = r.args.indexOf('-j');
				if (j === -1) continue;
				const target = r.args[j + 1];
				if (BUILTIN_TARGETS.has(target)) continue;
				expect(declared.has(target), `${t.name}: ${target}`).toBe(true);
				// checkIPTablesRuleJumps: a jump to a chain with no rules is a bug (except KUBE-NODEPORTS).
				if (target !== 'KUBE-NODEPORTS') expect(filled.has(target), `${t.name}: empty ${target}`).toBe(true);
			}
		}
	});
	test.each(seeds)('seed %i: each KUBE-SVC/SVL chain picks each of its n endpoints with probability 1/n', (seed) => {
		const nat = rules(randomCluster(seed)).tables[1];
		const byChain = new Map<string, string[][]>();
		for (const r of nat.rules) {
			if (!/^KUBE-(SVC|SVL)-/.test(r.chain)) continue;
			const target = r.args[r.args.indexOf('-j') + 1];
			if (!target.startsWith('KUBE-SEP-') || r.args.includes('recent')) continue;
			byChain.set(r.chain, [...(byChain.get(r.chain) ?? []), r.args]);
		}
		for (const [, list] of byChain) {
			const n = list.length;
			let remaining = 1;
			const chances = list.map((args, i) => {
				const p = args.indexOf('--probability');
				if (i === n - 1) expect(p).toBe(-1);
				const prob = p === -1 ? 1 : Number(args[p + 1]);
				if (p !== -1) expect(args[p + 1]).toBe(computeProbability(n - i));
				const chance = remaining * prob;
				remaining *= 1 - prob;
				return chance;
			});
			for (const c of chances) expect(c).toBeCloseTo(1 / n, 8);
		}
	});
	test('same input, byte-identical output', () => {
		const text = randomCluster(42);
		expect(iptablesSave(rules(text))).toBe(iptablesSave(rules(text)));
		expect(iptablesSave(rules(text), { order: 'restore' })).toBe(iptablesSave(rules(text), { order: 'restore' }));
	});
	test('garbage settings do not throw: bad masqueradeBit and CIDRs become diagnostics', () => {
		const c = cluster(NODE + PROXY_CONFIG('iptables: {masqueradeBit: 99}\nnodePortAddresses: [bogus]\ndetectLocalMode: Nope'));
		const { settings, diagnostics } = proxySettings(c);
		expect(settings.masqueradeBit).toBe(14);
		expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.field)).toEqual(['detectLocalMode', 'iptables.masqueradeBit', 'nodePortAddresses']);
		expect(() => iptables(c, 'no-such-node', settings)).not.toThrow();
	});
});
