/**
 * IPv4/IPv6 addresses and CIDRs as bigints: parsing (strict, as Go's netip is), formatting
 * (RFC 5952 canonical IPv6), membership and the n-th address of a range.
 */

export interface IP {
	family: 4 | 6;
	value: bigint;
}

export interface CIDR {
	family: 4 | 6;
	/** The network address (host bits zero). */
	base: bigint;
	prefix: number;
}

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIPv4(text: string): bigint | undefined {
	// A hand-rolled scan: this runs for every Pod IP of a large cluster dump.
	let value = 0;
	let part = 0;
	let digits = 0;
	let parts = 0;
	for (let i = 0; i <= text.length; i++) {
		const c = i < text.length ? text.charCodeAt(i) : 46;
		if (c === 46) {
			if (digits === 0 || parts === 4) return undefined;
			value = value * 256 + part;
			parts++;
			part = 0;
			digits = 0;
		} else if (c >= 48 && c <= 57) {
			// Go's netip rejects leading zeros (ambiguous octal).
			if (digits > 0 && part === 0) return undefined;
			part = part * 10 + (c - 48);
			if (++digits > 3 || part > 255) return undefined;
		} else return undefined;
	}
	return parts === 4 ? BigInt(value) : undefined;
}

function parseIPv6(text: string): bigint | undefined {
	if (text.includes('%')) return undefined;
	let head = text;
	let v4tail: bigint | undefined;
	const lastColon = text.lastIndexOf(':');
	if (text.slice(lastColon + 1).includes('.')) {
		v4tail = parseIPv4(text.slice(lastColon + 1));
		if (v4tail === undefined) return undefined;
		head = `${text.slice(0, lastColon + 1)}0:0`;
	}
	const halves = head.split('::');
	if (halves.length > 2) return undefined;
	const group = (s: string) => (s === '' ? [] : s.split(':'));
	const left = group(halves[0]);
	const right = halves.length === 2 ? group(halves[1]) : [];
	const missing = 8 - left.length - right.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
	let value = 0n;
	for (const g of groups) {
		if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
		value = (value << 16n) | BigInt(parseInt(g, 16));
	}
	if (v4tail !== undefined) value = (value & ~0xffffffffn) | v4tail;
	return value;
}

export function parseIP(text: string): IP | undefined {
	if (typeof text !== 'string' || text.length > 64) return undefined;
	if (text.includes(':')) {
		const value = parseIPv6(text);
		return value === undefined ? undefined : { family: 6, value };
	}
	const value = parseIPv4(text);
	return value === undefined ? undefined : { family: 4, value };
}

export function formatIP(ip: IP): string {
	if (ip.family === 4) {
		const n = Number(ip.value);
		return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
	}
	const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt((7 - i) * 16)) & 0xffffn));
	// RFC 5952: compress the longest run (of at least two) of zero groups, the first if tied.
	let best = -1;
	let bestLen = 1;
	for (let i = 0; i < 8; ) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLen) {
			best = i;
			bestLen = j - i;
		}
		i = j;
	}
	const hex = groups.map((g) => g.toString(16));
	if (best === -1) return hex.join(':');
	return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The canonical text of an address, or undefined when it does not parse. */
export function canonicalIP(text: string): string | undefined {
	const ip = parseIP(text);
	return ip && formatIP(ip);
}

export function parseCIDR(text: string): CIDR | undefined {
	if (typeof text !== 'string') return undefined;
	const slash = text.indexOf('/');
	if (slash === -1) return undefined;
	const ip = parseIP(text.slice(0, slash));
	const prefixText = text.slice(slash + 1);
	if (!ip || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
	const prefix = Number(prefixText);
	if (prefix > bits(ip.family)) return undefined;
	const hostBits = BigInt(bits(ip.family) - prefix);
	return { family: ip.family, base: (ip.value >> hostBits) << hostBits, prefix };
}

export function formatCIDR(cidr: CIDR): string {
	return `${formatIP({ family: cidr.family, value: cidr.base })}/${cidr.prefix}`;
}

export function cidrSize(cidr: CIDR): bigint {
	return 1n << BigInt(bits(cidr.family) - cidr.prefix);
}

export function cidrContains(cidr: CIDR, ip: IP): boolean {
	return ip.family === cidr.family && ip.value >= cidr.base && ip.value < cidr.base + cidrSize(cidr);
}

/** The n-th address of a range (0 is the network address). */
export function nthIP(cidr: CIDR, n: bigint): IP {
	return { family: cidr.family, value: cidr.base + n };
}

/** The i-th subnet of `prefix` bits inside `cidr` (node pod CIDRs: the i-th /24 of 10.244.0.0/16). */
export function nthSubnet(cidr: CIDR, prefix: number, i: number): CIDR | undefined {
	if (prefix < cidr.prefix || prefix > bits(cidr.family)) return undefined;
	const count = 1n << BigInt(prefix - cidr.prefix);
	if (BigInt(i) >= count) return undefined;
	return { family: cidr.family, base: cidr.base + BigInt(i) * (1n << BigInt(bits(cidr.family) - prefix)), prefix };
}

/** The reverse-lookup name (in-addr.arpa or ip6.arpa), with the trailing dot. */
export function reverseName(ip: IP): string {
	if (ip.family === 4) {
		return `${formatIP(ip).split('.').reverse().join('.')}.in-addr.arpa.`;
	}
	const nibbles = ip.value.toString(16).padStart(32, '0').split('').reverse();
	return `${nibbles.join('.')}.ip6.arpa.`;
}

/** The family of an address already known to be valid (cheaper than parsing it). */
export function familyOfIP(ip: string): 4 | 6 {
	return ip.includes(':') ? 6 : 4;
}
