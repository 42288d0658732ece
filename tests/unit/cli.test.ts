/** svcnet on the command line, as an engineer runs it on a file, a pipe, or a mistake. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type Io, run } from '../../src/cli/svcnet.ts';

const fixtures = join(import.meta.dirname, '../fixtures');
const shop = join(fixtures, 'shop.yaml');
const invalid = join(fixtures, 'invalid-nodeport.yaml');

function svcnet(args: string[], stdin = '') {
	let stdout = '';
	let stderr = '';
	const io: Io = {
		stdout: (t) => (stdout += t),
		stderr: (t) => (stderr += t),
		readStdin: () => stdin,
		readFile: (path) => readFileSync(path, 'utf8'),
	};
	const status = run(args, io);
	return { status, stdout, stderr };
}

describe('svcnet', () => {
	test('--help lists the commands with an example; each command has its own help', () => {
		const main = svcnet(['--help']);
		expect(main.status).toBe(0);
		for (const command of ['ports', 'validate', 'dns', 'dig']) expect(main.stdout).toContain(`  ${command}`);
		const dig = svcnet(['dig', '--help']);
		expect(dig.stdout).toContain('svcnet dig web --from shop');
		expect(dig.status).toBe(0);
	});
	test('mistakes on the command line say what is wrong, with exit status 2', () => {
		expect(svcnet(['port', shop])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command "port"') });
		expect(svcnet(['ports', '--frobnicate', shop])).toMatchObject({ status: 2, stderr: expect.stringContaining('--frobnicate') });
		expect(svcnet(['ports', 'nope.yaml'])).toMatchObject({ status: 2, stderr: expect.stringContaining('cannot read nope.yaml: no such file') });
		expect(svcnet(['dig'])).toMatchObject({ status: 2, stderr: expect.stringContaining('dig needs a NAME') });
		expect(svcnet(['ports', '--service-cidr', '10.96.0.0/33', shop])).toMatchObject({ status: 2, stderr: expect.stringContaining('service CIDR') });
	});
});

describe('svcnet ports', () => {
	test('prints each way in and the Pods it reaches', () => {
		const { status, stdout } = svcnet(['ports', shop]);
		expect(status).toBe(0);
		expect(stdout).toContain('Service shop/web (NodePort)');
		expect(stdout).toContain('port http 80/TCP → targetPort http, nodePort 30080');
		expect(stdout).toMatch(/192\.168\.0\.11:30080\s+nodePort\s+2 of 2 endpoints/);
		expect(stdout).toMatch(/10\.244\.0\.\d+:8080\s+web-\w+-\w{5}\s+node-1\s+ready/);
		expect(stdout).toContain('Service shop/db (ClusterIP)  headless (clusterIP None)');
		expect(stdout).toContain('shop/billing-db (ExternalName)');
		expect(stdout).toContain('Filled in by svcnet (not in the input):');
	});
	test('--json has the documented shape', () => {
		const { stdout } = svcnet(['ports', '--json', shop]);
		const data = JSON.parse(stdout);
		const web = data.services.find((s: { name: string }) => s.name === 'web');
		expect(web).toMatchObject({ namespace: 'shop', name: 'web', type: 'NodePort', clusterIPs: [expect.any(String)] });
		expect(web.ports[0]).toMatchObject({ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 });
		expect(web.ports[0].access[0]).toMatchObject({ kind: 'clusterIP', address: `${web.clusterIPs[0]}:80` });
		expect(web.ports[0].endpoints[0]).toMatchObject({ pod: expect.stringMatching(/^web-/), node: 'node-1', ip: expect.any(String), port: 8080, ready: true });
		expect(data.diagnostics[0]).toMatchObject({ severity: 'info', message: expect.any(String) });
	});
	test('reads standard input with - or no FILE, and several files as one input', () => {
		const text = readFileSync(shop, 'utf8');
		expect(svcnet(['ports'], text).stdout).toContain('Service shop/web');
		expect(svcnet(['ports', '-'], text).stdout).toContain('Service shop/web');
		const both = svcnet(['ports', shop, invalid]);
		expect(both.stdout).toContain('Service default/web (NodePort)');
		expect(both.stdout).toContain('Service shop/web (NodePort)');
	});
	test('a parse error names the file, line and column, and exits 1', () => {
		const broken = svcnet(['ports', '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: [x\n');
		expect(broken.status).toBe(1);
		expect(broken.stderr).toMatch(/^<stdin>:\d+:\d+: error: YAML: /m);
	});
});

describe('svcnet validate', () => {
	test('prints what the apiserver would say, with kubectl’s wording and the place, and exits 1', () => {
		const { status, stdout } = svcnet(['validate', invalid]);
		expect(status).toBe(1);
		expect(stdout).toContain(
			`${invalid}:11:17: The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767`,
		);
	});
	test('--node-port-range changes what is valid; a valid input exits 0', () => {
		expect(svcnet(['validate', '--node-port-range', '1-1000', invalid]).status).toBe(0);
		expect(svcnet(['validate', shop])).toMatchObject({ status: 0, stdout: '3 Service(s) valid.\n' });
	});
	test('--json lists the diagnostics with field and position', () => {
		const data = JSON.parse(svcnet(['validate', '--json', invalid]).stdout);
		expect(data.valid).toBe(false);
		expect(data.diagnostics[0]).toMatchObject({ severity: 'error', field: 'spec.ports[0].nodePort', line: 11, column: 17, object: 'Service/default/web' });
	});
});

describe('svcnet dns and dig', () => {
	test('dns prints every record, sorted, as "<name> <ttl> IN <type> <rdata>"', () => {
		const { status, stdout } = svcnet(['dns', shop]);
		expect(status).toBe(0);
		const lines = stdout.trim().split('\n');
		// CoreDNS answers dns-version with a fixed TTL of 28800 (plugin/kubernetes).
		expect(lines).toContain('dns-version.cluster.local. 28800 IN TXT "1.1.0"');
		expect(lines).toContain('billing-db.shop.svc.cluster.local. 30 IN CNAME billing.db.example.com.');
		expect(lines.some((l) => /^db-0\.db\.shop\.svc\.cluster\.local\. 30 IN A 10\.244\.\d+\.\d+$/.test(l))).toBe(true);
		expect(lines.some((l) => /^web\.shop\.svc\.cluster\.local\. 30 IN A 10\.\d+\.\d+\.\d+$/.test(l))).toBe(true);
		for (const l of lines) expect(l).toMatch(/^\S+ \d+ IN (A|AAAA|SRV|PTR|CNAME|TXT) .+$/);
		expect(svcnet(['dns', '--dns-ttl', '5', shop]).stdout).toMatch(/^web\.shop\.svc\.cluster\.local\. 5 IN A /m);
	});
	test('dig answers like dig; --from shows the search walk first', () => {
		const direct = svcnet(['dig', 'web.shop.svc.cluster.local', shop]);
		expect(direct.stdout).toContain('status: NOERROR');
		expect(direct.stdout).toMatch(/;; ANSWER SECTION:\nweb\.shop\.svc\.cluster\.local\.\t30\tIN\tA\t10\./);
		const walked = svcnet(['dig', 'web', '--from', 'shop', shop]);
		expect(walked.stdout).toContain(';; tried web.shop.svc.cluster.local. A+AAAA: NOERROR');
		const outside = svcnet(['dig', 'example.com', '--from', 'shop', shop]);
		// ndots:5: three search domains tried first, A and AAAA each, before the name itself goes upstream.
		expect(outside.stdout).toContain(';; tried example.com.cluster.local. A+AAAA: NXDOMAIN\n;; tried example.com. A+AAAA: FORWARDED\n;; 8 queries sent');
		const missing = svcnet(['dig', 'nope.shop.svc.cluster.local', shop]);
		expect(missing.stdout).toContain('status: NXDOMAIN');
	});
	test('dig --json has the documented shape', () => {
		const data = JSON.parse(svcnet(['dig', 'db', '--from', 'shop', '--json', shop]).stdout);
		expect(data.status).toBe('NOERROR');
		expect(data.tried[0]).toEqual({ name: 'db.shop.svc.cluster.local.', status: 'NOERROR' });
		expect(data.answer[0]).toMatchObject({ name: 'db.shop.svc.cluster.local.', ttl: 30, class: 'IN', type: 'A', data: expect.any(String) });
		expect(data.answer).toHaveLength(2);
	});
});

test('bin/svcnet.js runs as a program with the project’s Node', () => {
	const result = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/svcnet.js'), 'validate', invalid], { encoding: 'utf8' });
	expect(result.status).toBe(1);
	expect(result.stdout).toContain('provided port is not in the valid range');
});

describe('svcnet on a real cluster’s dump (kind, kubectl get … -o yaml)', () => {
	const dump = join(fixtures, 'kind-dump.yaml');
	test('the dump’s own EndpointSlices and addresses are used, nothing is filled in', () => {
		const { status, stdout } = svcnet(['ports', dump]);
		expect(status).toBe(0);
		expect(stdout).toMatch(/10\.96\.0\.1:443\s+clusterIP\s+1 of 1 endpoint\n\s+ENDPOINT.*\n\s+172\.18\.0\.2:6443/);
		expect(stdout).toMatch(/10\.96\.0\.10:53\s+clusterIP\s+2 of 2 endpoints/);
		expect(stdout).not.toContain('Filled in by svcnet');
	});
	test('a dump with status, uid and resourceVersion validates', () => {
		expect(svcnet(['validate', dump])).toMatchObject({ status: 0, stdout: '2 Service(s) valid.\n' });
	});
	test('kubernetes.default from the default namespace: the second search domain answers', () => {
		const { stdout } = svcnet(['dig', 'kubernetes.default', '--from', 'default', dump]);
		expect(stdout).toContain(';; tried kubernetes.default.default.svc.cluster.local. A+AAAA: NXDOMAIN\n;; tried kubernetes.default.svc.cluster.local. A+AAAA: NOERROR\n;; 4 queries sent');
		expect(stdout).toContain('kubernetes.default.svc.cluster.local.\t30\tIN\tA\t10.96.0.1');
	});
});

describe('svcnet iptables and trace', () => {
	const dump = join(fixtures, 'kind-dump.yaml');
	test('iptables prints iptables-save text with kube-proxy’s chains for the node', () => {
		const { status, stdout } = svcnet(['iptables', '--node', 'kind-control-plane', '--cluster-cidr', '10.244.0.0/16', dump]);
		expect(status).toBe(0);
		expect(stdout).toMatch(/^\*filter\n/);
		expect(stdout).toContain('\nCOMMIT\n*nat\n');
		expect(stdout).toMatch(/-A KUBE-SERVICES -m comment --comment "kube-system\/kube-dns:dns cluster IP" -m udp -p udp -d 10\.96\.0\.10 --dport 53 -j KUBE-SVC-\w{16}\n/);
		expect(stdout).toMatch(/-A KUBE-SVC-\w{16} -m comment --comment "kube-system\/kube-dns:dns -> 10\.244\.0\.3:53" -m statistic --mode random --probability 0\.5000000000 -j KUBE-SEP-\w{16}\n/);
		expect(stdout).toContain('-j DNAT --to-destination 172.18.0.2:6443');
		expect(svcnet(['iptables', '--node', 'nope', dump])).toMatchObject({ status: 2, stderr: expect.stringContaining('no node "nope"') });
	});
	test('chain names are the ones every kubeadm/kind cluster shows for kubernetes and kube-dns', () => {
		// The same names appear in `iptables-save -t nat` on any cluster: they hash only the
		// namespace/name:port and the protocol.
		const { stdout } = svcnet(['iptables', dump]);
		for (const chain of ['KUBE-SVC-NPX46M4PTMTKRN6Y', 'KUBE-SVC-TCOU7JCQXEZGVUNU', 'KUBE-SVC-ERIFXISQEP7F7OF4', 'KUBE-SVC-JD5MR3NA4I4DYORP']) {
			expect(stdout).toContain(`:${chain} - [0:0]`);
		}
	});
	test('iptables --json keeps which Service and endpoint made each rule', () => {
		const data = JSON.parse(svcnet(['iptables', '--json', dump]).stdout);
		const nat = data.tables.find((t: { name: string }) => t.name === 'nat');
		const dnat = nat.rules.find((r: { args: string[] }) => r.args.includes('DNAT') && r.args.includes('10.244.0.4:53'));
		expect(dnat.source).toMatchObject({ service: 'kube-system/kube-dns', endpoint: '10.244.0.4:53' });
	});
	test('nft prints the kube-proxy table as nft list does; --json keeps each rule’s Service and endpoint', () => {
		const { status, stdout } = svcnet(['nft', '--node', 'kind-control-plane', '--cluster-cidr', '10.244.0.0/16', dump]);
		expect(status).toBe(0);
		expect(stdout).toMatch(/^table ip kube-proxy \{\n\tcomment "rules for kube-proxy"\n/);
		expect(stdout).toMatch(/\t\tip daddr 10\.96\.0\.10 ip saddr != 10\.244\.0\.0\/16 jump mark-for-masquerade\n\t\tnumgen random mod 2 vmap \{ 0 : goto endpoint-\w{8}-kube-system\/kube-dns\/udp\/dns__10\.244\.0\.3\/53 , 1 : goto endpoint-\w{8}-kube-system\/kube-dns\/udp\/dns__10\.244\.0\.4\/53 \}\n/);
		expect(stdout).toContain('meta l4proto tcp dnat to 172.18.0.2:6443');
		const data = JSON.parse(svcnet(['nft', '--json', dump]).stdout);
		const dnat = data.chains.flatMap((c: { rules: { rule: string }[] }) => c.rules).find((r: { rule: string }) => r.rule === 'meta l4proto udp dnat to 10.244.0.4:53');
		expect(dnat.source).toMatchObject({ service: 'kube-system/kube-dns', endpoint: '10.244.0.4:53' });
		expect(svcnet(['nft', '--node', 'nope', dump])).toMatchObject({ status: 2, stderr: expect.stringContaining('no node "nope"') });
	});
	test('trace follows a Pod’s DNS query to a CoreDNS Pod', () => {
		const { status, stdout } = svcnet(['trace', '--from', 'pod/kube-system/coredns-7db6d8ff4d-4kx9z', '--to', '10.96.0.10:53', '--protocol', 'UDP', '--cluster-cidr', '10.244.0.0/16', dump]);
		expect(status).toBe(0);
		expect(stdout).toContain('UDP 10.244.0.3 → 10.96.0.10:53 from Pod kube-system/coredns-7db6d8ff4d-4kx9z, through the rules on kind-control-plane');
		expect(stdout).toContain('path 1 (50%):');
		expect(stdout).toContain('=> reaches Pod coredns-7db6d8ff4d-tm2qh 10.244.0.4:53 on kind-control-plane');
		expect(stdout).toMatch(/=> masqueraded to 10\.244\.0\.1: hairpin/);
	});
	test('trace --mode nftables follows the same query through the kube-proxy table', () => {
		const args = ['trace', '--mode', 'nftables', '--from', 'pod/kube-system/coredns-7db6d8ff4d-4kx9z', '--to', '10.96.0.10:53', '--protocol', 'UDP', '--cluster-cidr', '10.244.0.0/16', dump];
		const { status, stdout } = svcnet(args);
		expect(status).toBe(0);
		expect(stdout).toContain('UDP 10.244.0.3 → 10.96.0.10:53 from Pod kube-system/coredns-7db6d8ff4d-4kx9z, through the nftables rules (table ip kube-proxy) on kind-control-plane');
		expect(stdout).toContain('path 1 (50%):');
		expect(stdout).toContain('  jump       services: ip daddr . meta l4proto . th dport vmap @service-ips\n');
		expect(stdout).toMatch(/\n {15}element 10\.96\.0\.10 \. udp \. 53 : goto service-\w{8}-kube-system\/kube-dns\/udp\/dns\n/);
		expect(stdout).toMatch(/ {2}dnat {7}endpoint-\w{8}-kube-system\/kube-dns\/udp\/dns__10\.244\.0\.4\/53: meta l4proto udp dnat to 10\.244\.0\.4:53\n/);
		expect(stdout).toContain('=> reaches Pod coredns-7db6d8ff4d-tm2qh 10.244.0.4:53 on kind-control-plane');
		expect(stdout).toMatch(/=> masqueraded to 10\.244\.0\.1: hairpin/);
		expect(svcnet(['trace', '--help']).stdout).toContain('--mode iptables|nftables');
		expect(svcnet([...args.slice(0, 1), '--mode', 'ipvs', ...args.slice(3)])).toMatchObject({ status: 2, stderr: expect.stringContaining('--mode must be iptables or nftables, not "ipvs"') });
		expect(svcnet(['nft', '--mode', 'nftables', dump])).toMatchObject({ status: 2, stderr: expect.stringContaining('--mode are options of trace, not nft') });
	});
	test('trace needs --from and --to, and says what it accepts', () => {
		expect(svcnet(['trace', dump])).toMatchObject({ status: 2, stderr: expect.stringContaining('trace needs --from SRC and --to IP:PORT') });
		expect(svcnet(['trace', '--from', 'web', '--to', '10.96.0.10:53', dump])).toMatchObject({ status: 2, stderr: expect.stringContaining('--from must be pod/NAME') });
	});
});
