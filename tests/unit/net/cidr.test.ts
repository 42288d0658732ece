/**
 * The subnet calculator's arithmetic, by the figures a reader checks it against, and against
 * Python's ipaddress module (the reference implementation) for random blocks and ranges.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contains, describeBlock, formatAddress, maskOf, parseAddress, parseBlock, parseRange, rangeToBlocks, splitBlock, type Block } from '../../../src/net/cidr.ts';

function block(text: string): Block {
	const b = parseBlock(text);
	if (!b.ok) throw new Error(b.error);
	return b.value;
}

describe('IPv4', () => {
	test('a /24 with host bits set: the network, broadcast and 254 hosts', () => {
		expect(describeBlock(block('192.168.1.10/24'))).toMatchObject({
			hostBitsSet: true,
			cidr: '192.168.1.0/24',
			netmask: '255.255.255.0',
			wildcard: '0.0.0.255',
			broadcast: '192.168.1.255',
			firstUsable: '192.168.1.1',
			lastUsable: '192.168.1.254',
			total: 256n,
			usable: 254n,
			kind: '私有地址（RFC 1918）',
			maskBits: '11111111.11111111.11111111.00000000',
		});
	});
	test('/31 is a point-to-point link with two usable addresses (RFC 3021), /32 a single host', () => {
		expect(describeBlock(block('10.0.0.0/31'))).toMatchObject({ usable: 2n, firstUsable: '10.0.0.0', lastUsable: '10.0.0.1', broadcast: undefined });
		expect(describeBlock(block('10.0.0.7'))).toMatchObject({ prefix: 32, usable: 1n, cidr: '10.0.0.7/32' });
	});
	test('a dotted netmask is accepted, a mask with holes is refused', () => {
		expect(block('172.16.5.4 255.255.240.0').prefix).toBe(20);
		expect(block('172.16.5.4/255.255.240.0').prefix).toBe(20);
		const bad = parseBlock('10.0.0.0/255.0.255.0');
		expect(bad.ok || bad.error).toMatch(/不连续/);
	});
	test('errors say what is wrong', () => {
		const msg = (t: string) => {
			const r = parseBlock(t);
			return r.ok ? 'ok' : r.error;
		};
		expect(msg('10.0.0.0/33')).toMatch(/超出范围.*0–32/);
		expect(msg('10.0.0.256/8')).toMatch(/0–255/);
		expect(msg('010.0.0.1')).toMatch(/前导 0/);
		expect(msg('')).toMatch(/请输入/);
		expect(msg('<img src=x onerror=alert(1)>')).toMatch(/不是 IP 地址/);
	});
	test('the kind of a block is the narrowest special range holding it', () => {
		expect(describeBlock(block('100.64.1.0/24')).kind).toMatch(/RFC 6598/);
		expect(describeBlock(block('169.254.169.254')).kind).toMatch(/链路本地/);
		expect(describeBlock(block('8.8.8.8')).kind).toBe('公网地址');
		// 10.0.0.0/7 is wider than 10/8: not private as a whole.
		expect(describeBlock(block('10.0.0.0/7')).kind).toBe('公网地址');
	});
	test('splitting a /22 into /24s, and membership', () => {
		const split = splitBlock(block('10.0.0.0/22'), 24);
		expect(split.ok && split.value).toEqual({ count: 4n, subnets: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'] });
		expect(splitBlock(block('10.0.0.0/22'), 21).ok).toBe(false);
		const big = splitBlock(block('10.0.0.0/8'), 30);
		expect(big.ok && [big.value.count, big.value.subnets.length]).toEqual([4194304n, 256]);
		const addr = (t: string) => {
			const a = parseAddress(t);
			if (!a.ok) throw new Error(a.error);
			return a.value;
		};
		expect(contains(block('10.96.0.0/12'), addr('10.111.255.255'))).toBe(true);
		expect(contains(block('10.96.0.0/12'), addr('10.112.0.0'))).toBe(false);
		expect(contains(block('10.96.0.0/12'), addr('::ffff:10.96.0.1'))).toBe(false);
	});
	test('a range becomes the fewest blocks that cover it', () => {
		const r = parseRange('10.0.0.5-10.0.0.20');
		expect(r.ok && r.value).toEqual(['10.0.0.5/32', '10.0.0.6/31', '10.0.0.8/29', '10.0.0.16/30', '10.0.0.20/32']);
		const all = parseRange('0.0.0.0 - 255.255.255.255');
		expect(all.ok && all.value).toEqual(['0.0.0.0/0']);
		const backwards = parseRange('10.0.0.9-10.0.0.1');
		expect(backwards.ok || backwards.error).toMatch(/大于/);
	});
});

describe('IPv6', () => {
	test('printed as RFC 5952 recommends', () => {
		const fmt = (t: string) => {
			const a = parseAddress(t);
			if (!a.ok) throw new Error(a.error);
			return formatAddress(6, a.value.value);
		};
		expect(fmt('2001:0DB8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
		expect(fmt('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
		expect(fmt('2001:db8:0:0:1:0:0:0')).toBe('2001:db8:0:0:1::');
		expect(fmt('::')).toBe('::');
		expect(fmt('::ffff:c000:201')).toBe('::ffff:192.0.2.1');
	});
	test('a /64 has 2^64 addresses; no broadcast; kind by registry', () => {
		expect(describeBlock(block('2001:db8:abcd:12::1/64'))).toMatchObject({
			cidr: '2001:db8:abcd:12::/64',
			total: 2n ** 64n,
			broadcast: undefined,
			lastUsable: '2001:db8:abcd:12:ffff:ffff:ffff:ffff',
			kind: '文档示例地址',
		});
		expect(describeBlock(block('fd00:10:96::/112')).kind).toMatch(/ULA/);
	});
	test('malformed IPv6 is refused', () => {
		for (const t of ['1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', '::1/129']) expect(parseBlock(t).ok, t).toBe(false);
	});
});

// Python's ipaddress is the reference: same network, broadcast, size and printed form; the same
// blocks for a range as summarize_address_range.
const python = spawnSync('python3', ['-c', 'import ipaddress']).status === 0;

const v4 = fc.bigInt({ min: 0n, max: 2n ** 32n - 1n });
const v6 = fc.oneof(
	fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
	// Addresses with zero runs exercise the compression rules.
	fc.array(fc.constantFrom<bigint>(0n, 0n, 0n, 1n, 0xffffn, 0xdb8n), { minLength: 8, maxLength: 8 }).map((g) => g.reduce((a, x) => (a << 16n) | x, 0n)),
);
const blocks = fc.oneof(
	fc.record({ family: fc.constant(4 as const), address: v4, prefix: fc.integer({ min: 0, max: 32 }) }),
	fc.record({ family: fc.constant(6 as const), address: v6, prefix: fc.integer({ min: 0, max: 128 }) }),
);

test.skipIf(!python)('describeBlock and rangeToBlocks agree with Python’s ipaddress', () => {
	const samples = fc.sample(blocks, { numRuns: 300, seed: 7 });
	const ranges = fc.sample(
		fc.oneof(
			fc.tuple(v4, v4).map(([a, b]) => ({ family: 4 as const, a: a < b ? a : b, b: a < b ? b : a })),
			fc.tuple(v6, fc.bigInt({ min: 0n, max: 2n ** 70n })).map(([a, d]) => ({ family: 6 as const, a, b: a + d > 2n ** 128n - 1n ? 2n ** 128n - 1n : a + d })),
		),
		{ numRuns: 150, seed: 11 },
	);
	const script = `
import ipaddress, json, sys
d = json.load(sys.stdin)
out = {'blocks': [], 'ranges': []}
for f, a, p in d['blocks']:
    n = ipaddress.ip_network((int(a), p), strict=False) if f == 4 else ipaddress.IPv6Network((int(a), p), strict=False)
    out['blocks'].append([str(n), str(n.num_addresses), str(n.broadcast_address) if f == 4 else None, ipaddress.ip_address(int(a)).compressed if f == 4 else ipaddress.IPv6Address(int(a)).compressed])
for f, a, b in d['ranges']:
    A = ipaddress.IPv4Address(int(a)) if f == 4 else ipaddress.IPv6Address(int(a))
    B = ipaddress.IPv4Address(int(b)) if f == 4 else ipaddress.IPv6Address(int(b))
    out['ranges'].append([str(n) for n in ipaddress.summarize_address_range(A, B)])
print(json.dumps(out))
`;
	const input = JSON.stringify({
		blocks: samples.map((b) => [b.family, String(b.address), b.prefix]),
		ranges: ranges.map((r) => [r.family, String(r.a), String(r.b)]),
	});
	const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8' });
	expect(r.stderr).toBe('');
	const ref = JSON.parse(r.stdout) as { blocks: [string, string, string | null, string][]; ranges: string[][] };
	samples.forEach((b, i) => {
		const info = describeBlock(b);
		const [cidr, total, broadcast, address] = ref.blocks[i];
		// Python before 3.13 prints IPv4-mapped addresses in hex; RFC 5952 §5 (and we) dotted.
		const mapped = b.family === 6 && (b.address >> 32n === 0xffffn || (b.address & maskOf(6, b.prefix)) >> 32n === 0xffffn);
		if (mapped) return;
		expect([info.cidr, String(info.total), info.address], `${b.family} ${b.address}/${b.prefix}`).toEqual([cidr, total, address]);
		if (b.family === 4 && b.prefix <= 30) expect(info.broadcast).toBe(broadcast);
	});
	ranges.forEach((rg, i) => {
		const got = rangeToBlocks({ family: rg.family, value: rg.a }, { family: rg.family, value: rg.b });
		expect(got.ok && got.value, `${rg.a}-${rg.b}`).toEqual(ref.ranges[i]);
	});
});

test('every address parses back from its printed form', () => {
	fc.assert(
		fc.property(blocks, (b) => {
			const printed = formatAddress(b.family, b.address);
			const back = parseAddress(printed);
			return back.ok && back.value.value === b.address && back.value.family === b.family;
		}),
	);
});
