/**
 * IPv4 and IPv6 prefix arithmetic for the subnet calculator: parse an address or CIDR, describe
 * the block, split it, test membership, and cover an address range with the fewest CIDRs (what
 * an ipset or a firewall rule needs). Pure; addresses are BigInts so both families share code.
 *
 * Notation follows the RFCs readers meet in configs: IPv6 printed as RFC 5952 recommends
 * (lowercase, longest zero run compressed, a single zero group not, IPv4-mapped addresses
 * dotted), /31 and /127 blocks have
 * two usable addresses (RFC 3021, RFC 6164), /32 and /128 one.
 */

import { formatIP, parseIP } from '../k8s/ip.ts';

export type Family = 4 | 6;

export interface Address {
	family: Family;
	value: bigint;
}

export interface Block {
	family: Family;
	/** The address as typed (host bits may be set, as in `192.168.1.10/24`). */
	address: bigint;
	prefix: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

const bitsOf = (family: Family) => BITS[family];
const allOnes = (family: Family) => (1n << BigInt(bitsOf(family))) - 1n;

/** The netmask of a prefix length, as a number of the family's width. */
export function maskOf(family: Family, prefix: number): bigint {
	const bits = bitsOf(family);
	return prefix === 0 ? 0n : (allOnes(family) >> BigInt(bits - prefix)) << BigInt(bits - prefix);
}

/** An IPv4 or IPv6 address. */
export function parseAddress(text: string): Parsed<Address> {
	const t = text.trim();
	if (t.includes('%')) return { ok: false, error: `“${t}”带有区域标识（%…），这里只接受地址本身` };
	const ip = parseIP(t);
	if (ip) return { ok: true, value: ip };
	if (t.includes(':')) return { ok: false, error: `“${t}”不是合法的 IPv6 地址` };
	return { ok: false, error: /^\d+(\.\d+){3}$/.test(t) ? `“${t}”不是合法的 IPv4 地址：每段是 0–255 的十进制数，不带前导 0` : `“${t}”不是 IP 地址` };
}

/** The prefix length of a contiguous netmask, or undefined when the mask has holes. */
function prefixOfMask(mask: bigint, family: Family): number | undefined {
	const bits = bitsOf(family);
	for (let p = 0; p <= bits; p++) if (maskOf(family, p) === mask) return p;
	return undefined;
}

/**
 * `10.0.0.0/8`, `2001:db8::/32`, a bare address (a single-address block), or an IPv4 address
 * with a dotted netmask (`192.168.1.0 255.255.255.0`, `192.168.1.0/255.255.255.0`).
 */
export function parseBlock(text: string): Parsed<Block> {
	const t = text.trim();
	if (t === '') return { ok: false, error: '请输入一个地址或 CIDR，例如 10.0.0.0/16' };
	const m = /^(\S+?)(?:\s*\/\s*|\s+)(\S+)$/.exec(t);
	const addrText = m ? m[1] : t;
	const addr = parseAddress(addrText);
	if (!addr.ok) return addr;
	const { family, value } = addr.value;
	if (!m) return { ok: true, value: { family, address: value, prefix: bitsOf(family) } };
	const suffix = m[2];
	let prefix: number | undefined;
	if (/^\d{1,3}$/.test(suffix)) {
		prefix = Number(suffix);
		if (prefix > bitsOf(family)) return { ok: false, error: `前缀长度 /${suffix} 超出范围：IPv${family} 是 0–${bitsOf(family)}` };
	} else if (family === 4) {
		const mask = parseIP(suffix);
		if (mask?.family !== 4) return { ok: false, error: `“${suffix}”既不是前缀长度也不是子网掩码` };
		prefix = prefixOfMask(mask.value, 4);
		if (prefix === undefined) return { ok: false, error: `子网掩码 ${suffix} 不连续：掩码的 1 必须全部在左边` };
	} else {
		return { ok: false, error: `“${suffix}”不是前缀长度：IPv6 写作 地址/0–128` };
	}
	return { ok: true, value: { family, address: value, prefix } };
}

export function formatAddress(family: Family, value: bigint): string {
	// RFC 5952 §5: IPv4-mapped addresses keep the IPv4 part dotted (::ffff:192.0.2.1).
	if (family === 6 && value >> 32n === 0xffffn) return `::ffff:${formatIP({ family: 4, value: value & 0xffffffffn })}`;
	return formatIP({ family, value });
}

export const formatBlock = (family: Family, network: bigint, prefix: number) => `${formatAddress(family, network)}/${prefix}`;

/** What a block is, in the registries' terms (IANA special-purpose registries, the common ones). */
const SPECIAL: Array<{ family: Family; cidr: string; label: string }> = [
	{ family: 4, cidr: '0.0.0.0/8', label: '“本网络”（0.0.0.0/8，不可作为目的地址）' },
	{ family: 4, cidr: '10.0.0.0/8', label: '私有地址（RFC 1918）' },
	{ family: 4, cidr: '100.64.0.0/10', label: '运营商级 NAT 共享地址（RFC 6598）' },
	{ family: 4, cidr: '127.0.0.0/8', label: '环回地址' },
	{ family: 4, cidr: '169.254.0.0/16', label: '链路本地地址（云上元数据服务 169.254.169.254 就在这里）' },
	{ family: 4, cidr: '172.16.0.0/12', label: '私有地址（RFC 1918）' },
	{ family: 4, cidr: '192.0.2.0/24', label: '文档示例地址（TEST-NET-1）' },
	{ family: 4, cidr: '192.168.0.0/16', label: '私有地址（RFC 1918）' },
	{ family: 4, cidr: '198.18.0.0/15', label: '网络设备基准测试地址（RFC 2544）' },
	{ family: 4, cidr: '198.51.100.0/24', label: '文档示例地址（TEST-NET-2）' },
	{ family: 4, cidr: '203.0.113.0/24', label: '文档示例地址（TEST-NET-3）' },
	{ family: 4, cidr: '224.0.0.0/4', label: '组播地址' },
	{ family: 4, cidr: '240.0.0.0/4', label: '保留地址（255.255.255.255 为受限广播）' },
	{ family: 6, cidr: '::1/128', label: '环回地址' },
	{ family: 6, cidr: '::/128', label: '未指定地址' },
	{ family: 6, cidr: '::ffff:0:0/96', label: 'IPv4 映射地址' },
	{ family: 6, cidr: '64:ff9b::/96', label: 'NAT64 知名前缀' },
	{ family: 6, cidr: '2001:db8::/32', label: '文档示例地址' },
	{ family: 6, cidr: 'fc00::/7', label: '唯一本地地址（ULA）' },
	{ family: 6, cidr: 'fe80::/10', label: '链路本地地址' },
	{ family: 6, cidr: 'ff00::/8', label: '组播地址' },
	{ family: 6, cidr: '2000::/3', label: '全球单播地址' },
];

/** The narrowest special-purpose range that holds the whole block, if any. */
export function classify(family: Family, network: bigint, prefix: number): string | undefined {
	let found: { prefix: number; label: string } | undefined;
	for (const s of SPECIAL) {
		if (s.family !== family) continue;
		const b = parseBlock(s.cidr);
		if (!b.ok) continue;
		const { prefix: p, address } = b.value;
		if (p <= prefix && (network & maskOf(family, p)) === address && (!found || p > found.prefix)) found = { prefix: p, label: s.label };
	}
	if (!found && family === 4) return '公网地址';
	return found?.label;
}

export interface BlockInfo {
	family: Family;
	prefix: number;
	/** The address as typed, and whether it had host bits set (tools then use the network address). */
	address: string;
	hostBitsSet: boolean;
	network: string;
	cidr: string;
	netmask: string;
	/** Inverse mask (Cisco ACL / OSPF wildcard), IPv4 only. */
	wildcard?: string;
	/** IPv4 only, and only where the block has one (not /31, /32). */
	broadcast?: string;
	firstUsable: string;
	lastUsable: string;
	/** All addresses in the block, and those a host can use. */
	total: bigint;
	usable: bigint;
	kind?: string;
	/** The mask's bits, grouped as the family is written (IPv4 only: 128 bits are not readable). */
	maskBits?: string;
}

/** Everything the calculator shows for one block. */
export function describeBlock(block: Block): BlockInfo {
	const { family, prefix, address } = block;
	const bits = bitsOf(family);
	const mask = maskOf(family, prefix);
	const network = address & mask;
	const last = network | (allOnes(family) ^ mask);
	const total = 1n << BigInt(bits - prefix);
	const hostBits = bits - prefix;
	// IPv4 loses the network and broadcast address except on point-to-point /31 and host /32.
	// IPv6 has no broadcast; the all-zero address is the subnet-router anycast (RFC 4291 §2.6.1), but
	// hosts may use every address, so usable = total.
	const reserveEnds = family === 4 && hostBits >= 2;
	const first = reserveEnds ? network + 1n : network;
	const lastUsable = reserveEnds ? last - 1n : last;
	return {
		family,
		prefix,
		address: formatAddress(family, address),
		hostBitsSet: network !== address,
		network: formatAddress(family, network),
		cidr: formatBlock(family, network, prefix),
		netmask: family === 4 ? formatAddress(4, mask) : `/${prefix}`,
		wildcard: family === 4 ? formatAddress(4, allOnes(4) ^ mask) : undefined,
		broadcast: reserveEnds ? formatAddress(4, last) : undefined,
		firstUsable: formatAddress(family, first),
		lastUsable: formatAddress(family, lastUsable),
		total,
		usable: reserveEnds ? total - 2n : total,
		kind: classify(family, network, prefix),
		maskBits:
			family === 4
				? mask
						.toString(2)
						.padStart(32, '0')
						.replace(/(.{8})(?!$)/g, '$1.')
				: undefined,
	};
}

export interface Split {
	/** How many subnets of the new prefix the block holds. */
	count: bigint;
	/** The first ones, at most `limit` of them. */
	subnets: string[];
}

/** The block cut into subnets of `newPrefix` (longer than the block's own). */
export function splitBlock(block: Block, newPrefix: number, limit = 256): Parsed<Split> {
	const { family, prefix } = block;
	if (!Number.isInteger(newPrefix) || newPrefix < prefix || newPrefix > bitsOf(family))
		return { ok: false, error: `子网前缀要在 /${prefix} 到 /${bitsOf(family)} 之间` };
	const network = block.address & maskOf(family, prefix);
	const count = 1n << BigInt(newPrefix - prefix);
	const step = 1n << BigInt(bitsOf(family) - newPrefix);
	const subnets: string[] = [];
	for (let i = 0n; i < count && i < BigInt(limit); i++) subnets.push(formatBlock(family, network + i * step, newPrefix));
	return { ok: true, value: { count, subnets } };
}

/** Whether the address lies in the block; an address of the other family never does. */
export function contains(block: Block, addr: Address): boolean {
	if (addr.family !== block.family) return false;
	const mask = maskOf(block.family, block.prefix);
	return (addr.value & mask) === (block.address & mask);
}

/**
 * The fewest CIDR blocks that cover exactly the addresses from `start` to `end` (inclusive): at
 * each step the largest aligned block that starts there and does not pass the end.
 */
export function rangeToBlocks(start: Address, end: Address): Parsed<string[]> {
	if (start.family !== end.family) return { ok: false, error: '起止地址必须同为 IPv4 或同为 IPv6' };
	if (start.value > end.value) return { ok: false, error: '起始地址大于结束地址' };
	const family = start.family;
	const bits = bitsOf(family);
	const out: string[] = [];
	let cur = start.value;
	while (cur <= end.value) {
		let size = bits;
		// Grow while the block stays aligned at `cur` and ends by `end`.
		while (size > 0) {
			const bigger = size - 1;
			const span = 1n << BigInt(bits - bigger);
			if ((cur & (span - 1n)) !== 0n || cur + span - 1n > end.value) break;
			size = bigger;
		}
		out.push(formatBlock(family, cur, size));
		cur += 1n << BigInt(bits - size);
		if (cur > allOnes(family)) break;
	}
	return { ok: true, value: out };
}

/** `a.b.c.d-w.x.y.z` (or with IPv6 addresses) → the CIDR blocks that cover it. */
export function parseRange(text: string): Parsed<string[]> {
	const m = /^\s*(\S+?)\s*[-–~]\s*(\S+)\s*$/.exec(text);
	if (!m) return { ok: false, error: '地址范围写作 起始-结束，例如 10.0.0.5-10.0.0.20' };
	const a = parseAddress(m[1]);
	if (!a.ok) return a;
	const b = parseAddress(m[2]);
	if (!b.ok) return b;
	return rangeToBlocks(a.value, b.value);
}
