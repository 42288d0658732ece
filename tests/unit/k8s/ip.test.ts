import { describe, expect, test } from 'vitest';
import { canonicalIP, cidrContains, formatCIDR, nthSubnet, parseCIDR, parseIP, reverseName } from '../../../src/k8s/ip.ts';

describe('IP addresses', () => {
	test('IPv4 parses strictly, as Go netip does (no leading zeros, four parts)', () => {
		expect(canonicalIP('10.96.0.10')).toBe('10.96.0.10');
		for (const bad of ['010.96.0.10', '10.96.0', '10.96.0.256', '10.96.0.1 ', 'a.b.c.d', '']) expect(parseIP(bad)).toBeUndefined();
	});
	test('IPv6 is written in RFC 5952 canonical form', () => {
		expect(canonicalIP('FD00:0:0:0:0:0:0:A')).toBe('fd00::a');
		expect(canonicalIP('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
		expect(canonicalIP('::ffff:10.0.0.1')).toBe('::ffff:a00:1');
		expect(canonicalIP('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
		expect(parseIP('1::2::3')).toBeUndefined();
		expect(parseIP('fe80::1%eth0')).toBeUndefined();
	});
	test('reverse names for PTR records', () => {
		expect(reverseName(parseIP('10.96.0.10')!)).toBe('10.0.96.10.in-addr.arpa.');
		expect(reverseName(parseIP('fd00::a')!)).toBe(`a.${'0.'.repeat(27)}0.0.d.f.ip6.arpa.`);
	});
	test('CIDRs: membership and the per-node subnets of a pod network', () => {
		const pods = parseCIDR('10.244.0.0/16')!;
		expect(formatCIDR(nthSubnet(pods, 24, 0)!)).toBe('10.244.0.0/24');
		expect(formatCIDR(nthSubnet(pods, 24, 3)!)).toBe('10.244.3.0/24');
		expect(nthSubnet(pods, 24, 256)).toBeUndefined();
		expect(cidrContains(parseCIDR('10.96.0.0/12')!, parseIP('10.111.255.254')!)).toBe(true);
		expect(cidrContains(parseCIDR('10.96.0.0/12')!, parseIP('10.112.0.1')!)).toBe(false);
		expect(formatCIDR(parseCIDR('10.96.1.7/12')!)).toBe('10.96.0.0/12');
	});
});
