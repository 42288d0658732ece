/**
 * svcnet: the engine on the command line, for manifests and for a real cluster's
 * `kubectl get svc,endpointslices,pods,nodes -A -o yaml`. Node-only glue: reading files,
 * options, and printing; every answer comes from src/k8s.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildCluster, type Cluster, type Diagnostic, loadAll, type NamedInput, ports, resolveSettings } from '../k8s/index.ts';
import {
	DEFAULT_DNS,
	type DnsSettings,
	dnsRecords,
	iptables,
	iptablesSave,
	nftables,
	nftList,
	parseTraceFrom,
	parseTraceTo,
	type Protocol,
	type ProxyMode,
	proxySettings,
	type QType,
	resolve,
	type ResourceRecord,
	trace,
	traceNft,
	traceNode,
	validateServices,
} from '../k8s/index.ts';
import { formatTrace } from './format-trace.ts';
import { formatPorts } from './format-ports.ts';

export interface Io {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	readStdin: () => string;
	readFile: (path: string) => string;
}

const COMMON_OPTIONS = `Cluster options (defaults: a kubeadm cluster):
  --cluster-domain DOMAIN     cluster DNS domain (cluster.local)
  --service-cidr CIDR[,CIDR]  service IP range(s), primary first (10.96.0.0/12)
  --pod-cidr CIDR[,CIDR]      pod network, /24 per node (10.244.0.0/16)
  --node-port-range MIN-MAX   node port range (30000-32767)
  --dns-ttl N                 TTL of cluster DNS answers (30)
  --dns-pods MODE             pod records: insecure, verified or disabled (insecure)
  --json                      print data instead of text
  -h, --help                  this help

FILE is a YAML or JSON file (several documents, or a kind: List as kubectl prints);
several FILEs are read as one input; - or no FILE reads standard input.`;

const HELP: Record<string, string> = {
	main: `svcnet: what Kubernetes does with your Services, computed from manifests or a cluster dump.

Usage: svcnet COMMAND [options] [FILE...]

Commands:
  ports      every way into each Service port and the Pods it reaches
  validate   what the apiserver would reject, with kubectl's wording (exit 1 if anything is invalid)
  dns        every record cluster DNS (CoreDNS) serves, one per line
  dig NAME   one DNS query answered as CoreDNS would; --from NS shows a Pod's resolver walk
  iptables   the iptables-save text kube-proxy (iptables mode) writes on a node
  nft        the nftables table kube-proxy (nftables mode) programs on a node
  trace      the first packet of a connection through those rules: DNAT choices, masquerade, verdict

Examples:
  svcnet ports examples/web.yaml
  kubectl get svc,endpointslices,pods,nodes -A -o yaml | svcnet ports
  svcnet dig web --from shop app.yaml

Run svcnet COMMAND --help for a command's options.`,
	ports: `Usage: svcnet ports [options] [FILE...]

For each Service port: its ClusterIP(s), node ports, load balancer and external IPs, and for
each way in the endpoints (Pod IP:port) it reaches, with traffic policies applied.

Example:
  svcnet ports web.yaml

${COMMON_OPTIONS}`,
	validate: `Usage: svcnet validate [options] [FILE...]

Validates every Service as the apiserver would on create, and prints each error as kubectl
does. Exit status 1 when anything is invalid (or the input does not parse).

Example:
  svcnet validate web.yaml
  The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767

${COMMON_OPTIONS}`,
	dns: `Usage: svcnet dns [options] [FILE...]

Prints every record cluster DNS serves for the input, sorted, one per line:
"<name> <ttl> IN <type> <rdata>".

Example:
  svcnet dns web.yaml

${COMMON_OPTIONS}`,
	iptables: `Usage: svcnet iptables [--node NAME] [--cluster-cidr CIDR] [--ipv6] [options] [FILE...]

Prints the filter and nat tables kube-proxy's iptables mode would restore on the node, in
iptables-save's layout (tables, chain declarations, rules grouped by chain) and with the rules
written as kube-proxy hands them to iptables-restore: KUBE-SERVICES, KUBE-NODEPORTS,
KUBE-SVC-/KUBE-SEP-/KUBE-EXT- chains with kube-proxy's hashed names, comments and
probabilities. A node's own iptables-save prints the same chains and rules in the same order,
with the kernel's spelling of some matches (e.g. --set-xmark for --or-mark, /32 on addresses).
Proxy settings come from a KubeProxyConfiguration document in the input (clusterCIDR,
iptables.masqueradeBit, masqueradeAll, nodePortAddresses); --cluster-cidr overrides clusterCIDR. --ipv6 prints the
ip6tables rules of a dual-stack cluster. --json prints the rules as data, each with the Service,
port and endpoint that produced it.

Example:
  svcnet iptables --node worker-1 cluster.yaml

${COMMON_OPTIONS}`,
	nft: `Usage: svcnet nft [--node NAME] [--cluster-cidr CIDR] [--ipv6] [options] [FILE...]

Prints the kube-proxy table kube-proxy's nftables mode would program on the node, laid out as
"nft list table ip kube-proxy" prints it: the cluster-ips and nodeport-ips sets, the
service-ips, service-nodeports, no-endpoint-services/-nodeports and firewall-ips verdict maps,
the base chains with their hooks and priorities, and service-/external-/firewall-/endpoint-
chains with kube-proxy's hashed names, numgen load balancing and affinity sets. Rules and
elements are written as kube-proxy hands them to nft; the kernel lists some rules in nft's
longer spelling (e.g. "meta mark set meta mark | 0x00004000" for "mark set mark or 0x4000").
Proxy settings come from a KubeProxyConfiguration document in the input (clusterCIDR,
nftables.masqueradeBit, nftables.masqueradeAll, nodePortAddresses, "primary" when unset);
--cluster-cidr overrides clusterCIDR. --ipv6 prints the ip6 table of a dual-stack cluster.
--json prints the table as data, each rule and element with the Service, port and endpoint
that produced it.

Example:
  svcnet nft --node worker-1 cluster.yaml

${COMMON_OPTIONS}`,
	trace: `Usage: svcnet trace --from SRC --to IP:PORT [--protocol TCP|UDP|SCTP] [--node NAME] [--mode iptables|nftables] [options] [FILE...]

Follows the first packet of one connection through kube-proxy's iptables rules: each chain
and rule it meets, the DNAT choices with their probabilities, whether it is masqueraded and
why, and where it ends (a Pod on a node, rejected, dropped, or no Service). SRC is
pod/NAME or pod/NAMESPACE/NAME (traced on the Pod's node), node/NAME, or a client IP outside
the cluster (traced on --node, or on the node whose IP is dialled).
--mode nftables follows it through the kube-proxy table of kube-proxy's nftables mode instead
(the one svcnet nft prints): the base chains of each hook in priority order, the verdict-map
lookups with the element each one found, and numgen's choice of endpoint (default: iptables).

Examples:
  svcnet trace --from pod/shop/web-0 --to 10.96.0.10:53 --protocol UDP cluster.yaml
  svcnet trace --from 203.0.113.7 --to 192.168.0.11:30080 cluster.yaml
  svcnet trace --mode nftables --from node/worker-1 --to 10.96.0.10:53 --protocol UDP cluster.yaml

${COMMON_OPTIONS}`,
	dig: `Usage: svcnet dig NAME [--type A|AAAA|SRV|PTR|CNAME|TXT] [--from NAMESPACE] [--resolver glibc|musl] [options] [FILE...]

Answers one query as CoreDNS would, printed like dig's status and answer section. With
--from NAMESPACE, the query is made from a Pod in that namespace (dnsPolicy ClusterFirst):
first each name the resolver tries, in order, with its status and the questions sent (an
A lookup by an application sends A and AAAA for each name). Status FORWARDED means the name
is outside the cluster domain: CoreDNS passes it to the upstream resolver, whose answer
svcnet cannot know. --resolver musl walks the search list as Alpine's C library does.

Examples:
  svcnet dig web.shop.svc.cluster.local web.yaml
  svcnet dig web --from shop web.yaml
  svcnet dig _http._tcp.web.shop.svc.cluster.local --type SRV web.yaml

${COMMON_OPTIONS}`,
};

const QTYPES: QType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT'];

class UsageError extends Error {}

function where(d: Diagnostic): string {
	const place = [d.file ?? '<input>', d.line, d.column].filter((x) => x !== undefined).join(':');
	return d.line !== undefined || d.file ? `${place}: ` : '';
}

function printDiagnostics(io: Io, diagnostics: Diagnostic[], severities: Diagnostic['severity'][]) {
	for (const d of diagnostics) if (severities.includes(d.severity)) io.stderr(`${where(d)}${d.severity}: ${d.message}\n`);
}

function readInputs(files: string[], io: Io): NamedInput[] {
	if (files.length === 0) return [{ name: '<stdin>', text: io.readStdin() }];
	return files.map((file) => {
		if (file === '-') return { name: '<stdin>', text: io.readStdin() };
		try {
			return { name: file, text: io.readFile(file) };
		} catch (error) {
			throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
		}
	});
}

function recordLine(r: ResourceRecord): string {
	return `${r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`;
}

/** Runs one svcnet command line; returns the exit status. Never throws. */
export function run(argv: string[], io: Io): number {
	try {
		return runOrThrow(argv, io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr(`svcnet: ${error.message}\nRun svcnet --help for usage.\n`);
			return 2;
		}
		io.stderr(`svcnet: internal error: ${(error as Error).stack ?? error}\n`);
		return 3;
	}
}

function runOrThrow(argv: string[], io: Io): number {
	const [command, ...rest] = argv;
	if (!command || command === '-h' || command === '--help' || command === 'help') {
		io.stdout(`${HELP.main}\n`);
		return command ? 0 : 2;
	}
	if (!HELP[command] || command === 'main') throw new UsageError(`unknown command "${command}"`);
	let parsed;
	try {
		parsed = parseArgs({
			args: rest,
			allowPositionals: true,
			strict: true,
			options: {
				json: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
				'cluster-domain': { type: 'string' },
				'service-cidr': { type: 'string' },
				'pod-cidr': { type: 'string' },
				'node-port-range': { type: 'string' },
				'dns-ttl': { type: 'string' },
				'dns-pods': { type: 'string' },
				type: { type: 'string' },
				from: { type: 'string' },
				resolver: { type: 'string' },
				node: { type: 'string' },
				'cluster-cidr': { type: 'string' },
				ipv6: { type: 'boolean' },
				to: { type: 'string' },
				protocol: { type: 'string' },
				mode: { type: 'string' },
			},
		});
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const { values, positionals } = parsed;
	if (values.help) {
		io.stdout(`${HELP[command]}\n`);
		return 0;
	}
	if ((values.type || values.resolver) && command !== 'dig') throw new UsageError(`--type and --resolver are options of dig, not ${command}`);
	if (values.from && command !== 'dig' && command !== 'trace') throw new UsageError(`--from is an option of dig and trace, not ${command}`);
	if ((values.to || values.protocol || values.mode) && command !== 'trace') throw new UsageError(`--to, --protocol and --mode are options of trace, not ${command}`);
	if (values.mode !== undefined && values.mode !== 'iptables' && values.mode !== 'nftables') throw new UsageError(`--mode must be iptables or nftables, not "${values.mode}"`);
	if ((values.node || values['cluster-cidr']) && command !== 'iptables' && command !== 'nft' && command !== 'trace') throw new UsageError(`--node and --cluster-cidr are options of iptables, nft and trace, not ${command}`);
	if (values.resolver !== undefined && values.resolver !== 'glibc' && values.resolver !== 'musl') throw new UsageError(`--resolver must be glibc or musl, not "${values.resolver}"`);

	const { settings, diagnostics: settingErrors } = resolveSettings({
		...(values['cluster-domain'] !== undefined ? { clusterDomain: values['cluster-domain'] } : {}),
		...(values['service-cidr'] !== undefined ? { serviceCIDRs: values['service-cidr'] } : {}),
		...(values['pod-cidr'] !== undefined ? { podCIDRs: values['pod-cidr'] } : {}),
		...(values['node-port-range'] !== undefined ? { nodePortRange: values['node-port-range'] } : {}),
	});
	if (settingErrors.length > 0) throw new UsageError(settingErrors.map((d) => d.message).join('; '));
	const dns: DnsSettings = { ...DEFAULT_DNS };
	if (values['dns-ttl'] !== undefined) {
		if (!/^\d+$/.test(values['dns-ttl']) || Number(values['dns-ttl']) > 2147483647) throw new UsageError(`--dns-ttl must be a number of seconds, not "${values['dns-ttl']}"`);
		dns.ttl = Number(values['dns-ttl']);
	}
	if (values['dns-pods'] !== undefined) {
		if (!['insecure', 'verified', 'disabled'].includes(values['dns-pods'])) throw new UsageError(`--dns-pods must be insecure, verified or disabled, not "${values['dns-pods']}"`);
		dns.pods = values['dns-pods'] as DnsSettings['pods'];
	}

	let name: string | undefined;
	let files = positionals;
	if (command === 'dig') {
		[name, ...files] = positionals;
		if (!name) throw new UsageError('dig needs a NAME to look up, e.g. svcnet dig web.default.svc.cluster.local FILE');
	}
	const qtype = (values.type ?? 'A').toUpperCase() as QType;
	if (!QTYPES.includes(qtype)) throw new UsageError(`--type must be one of ${QTYPES.join(', ')}`);

	const loaded = loadAll(readInputs(files, io));
	const cluster: Cluster = buildCluster(loaded, settings);
	const parseErrors = cluster.diagnostics.filter((d) => d.severity === 'error');
	const json = (data: unknown) => io.stdout(`${JSON.stringify(data, null, 2)}\n`);

	/** The node (else the first) and the proxy settings of `mode` for it. */
	const nodeProxy = (nodeName: string | undefined, mode: ProxyMode) => {
		const node = nodeName ?? cluster.nodes[0]?.name;
		if (!node || !cluster.nodes.some((n) => n.name === node)) {
			throw new UsageError(`no node "${nodeName}" in the input (nodes: ${cluster.nodes.map((n) => n.name).join(', ')})`);
		}
		return { node, ...proxySettings(cluster, values['cluster-cidr'] !== undefined ? { clusterCIDR: values['cluster-cidr'] } : {}, mode) };
	};
	const nodeRules = (nodeName: string | undefined, family: 'IPv4' | 'IPv6') => {
		const { node, settings: proxy, diagnostics } = nodeProxy(nodeName, 'iptables');
		return { ruleset: iptables(cluster, node, proxy, family), diagnostics };
	};

	switch (command) {
		case 'iptables': {
			const { ruleset, diagnostics } = nodeRules(values.node, values.ipv6 ? 'IPv6' : 'IPv4');
			const all = [...cluster.diagnostics, ...diagnostics, ...ruleset.diagnostics];
			if (values.json) json({ node: ruleset.node, family: ruleset.family, tables: ruleset.tables, diagnostics: all });
			else {
				printDiagnostics(io, all, ['error', 'warning']);
				io.stdout(iptablesSave(ruleset));
			}
			return parseErrors.length > 0 ? 1 : 0;
		}
		case 'nft': {
			const node = values.node ?? cluster.nodes[0]?.name;
			if (!node || !cluster.nodes.some((n) => n.name === node)) {
				throw new UsageError(`no node "${values.node}" in the input (nodes: ${cluster.nodes.map((n) => n.name).join(', ')})`);
			}
			const { settings: proxy, diagnostics } = proxySettings(cluster, values['cluster-cidr'] !== undefined ? { clusterCIDR: values['cluster-cidr'] } : {}, 'nftables');
			const ruleset = nftables(cluster, node, proxy, values.ipv6 ? 'IPv6' : 'IPv4');
			const all = [...cluster.diagnostics, ...diagnostics, ...ruleset.diagnostics];
			if (values.json) json({ ...ruleset, diagnostics: all });
			else {
				printDiagnostics(io, all, ['error', 'warning']);
				io.stdout(nftList(ruleset));
			}
			return parseErrors.length > 0 ? 1 : 0;
		}
		case 'trace': {
			if (!values.from || !values.to) throw new UsageError('trace needs --from SRC and --to IP:PORT');
			const from = parseTraceFrom(values.from);
			if ('error' in from) throw new UsageError(from.error);
			const to = parseTraceTo(values.to);
			if ('error' in to) throw new UsageError(to.error);
			const protocol = (values.protocol ?? 'TCP').toUpperCase() as Protocol;
			if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) throw new UsageError('--protocol must be TCP, UDP or SCTP');
			// The rules of the node the packet is on: the client Pod's node, the node itself, or for an
			// outside client the node it dials (else --node, else the first).
			const family = to.ip.includes(':') ? 'IPv6' : 'IPv4';
			const { node, settings: proxy, diagnostics } = nodeProxy(values.node ?? traceNode(cluster, from, to), (values.mode ?? 'iptables') as ProxyMode);
			const result =
				values.mode === 'nftables' ? traceNft(cluster, nftables(cluster, node, proxy, family), from, to, protocol) : trace(cluster, iptables(cluster, node, proxy, family), from, to, protocol);
			const all = [...cluster.diagnostics, ...diagnostics, ...result.diagnostics];
			if (values.json) json({ ...result, diagnostics: all });
			else {
				printDiagnostics(io, all, ['error', 'warning']);
				io.stdout(formatTrace(result));
			}
			return result.diagnostics.some((d) => d.severity === 'error') || parseErrors.length > 0 ? 1 : 0;
		}
		case 'ports': {
			const view = ports(cluster);
			if (values.json) json({ services: view.map(({ ports: p, ...s }) => ({ ...s, ports: p.map(({ index: _i, ...rest }) => rest) })), diagnostics: cluster.diagnostics });
			else {
				printDiagnostics(io, cluster.diagnostics, ['error', 'warning']);
				io.stdout(formatPorts(view, cluster));
			}
			return parseErrors.length > 0 ? 1 : 0;
		}
		case 'validate': {
			const errors = [...parseErrors, ...validateServices(loaded, settings)];
			if (values.json) json({ valid: errors.length === 0, diagnostics: errors });
			else if (errors.length === 0) io.stdout(`${cluster.services.length} Service(s) valid.\n`);
			else for (const d of errors) io.stdout(`${where(d)}${d.message}\n`);
			return errors.length > 0 ? 1 : 0;
		}
		case 'dns': {
			const records = dnsRecords(cluster, dns);
			if (values.json) json({ records, diagnostics: cluster.diagnostics });
			else {
				printDiagnostics(io, cluster.diagnostics, ['error', 'warning']);
				io.stdout(records.map((r) => `${recordLine(r)}\n`).join(''));
			}
			return parseErrors.length > 0 ? 1 : 0;
		}
		case 'dig': {
			if (values.from !== undefined && !cluster.namespaces.includes(values.from)) {
				io.stderr(`svcnet: note: namespace "${values.from}" has no objects in the input; resolving from it anyway.\n`);
			}
			const result = resolve(cluster, dns, { name: name!, type: qtype }, values.from, values.resolver ? { resolver: values.resolver as 'glibc' | 'musl' } : {});
			if (values.json) {
				json({
					status: result.status,
					tried: result.tried.map((t) => ({ name: t.name, status: t.status })),
					answer: result.answer,
					...(values.from !== undefined ? { queries: result.queries, types: result.types, searchPath: result.searchPath, ndots: result.ndots, resolvConf: result.resolvConf } : {}),
					diagnostics: cluster.diagnostics,
				});
				return 0;
			}
			printDiagnostics(io, [...cluster.diagnostics, ...result.diagnostics], ['error', 'warning']);
			const lines: string[] = [];
			if (values.from !== undefined) {
				lines.push(`;; from a Pod in namespace ${values.from} (${result.resolver}): search ${result.searchPath.join(' ')}, ndots:${result.ndots}`);
				for (const t of result.tried) lines.push(`;; tried ${t.name} ${result.types.join('+')}: ${t.status}${t.status === 'NOERROR' && t.answers === 0 ? ' (no data)' : ''}`);
				lines.push(`;; ${result.queries} ${result.queries === 1 ? 'query' : 'queries'} sent`, '');
			}
			const asked = result.tried.at(-1)?.name ?? name!;
			lines.push(`;; ->>HEADER<<- opcode: QUERY, status: ${result.status}`, '', ';; QUESTION SECTION:', `;${asked}\t\tIN\t${qtype}`, '');
			if (result.answer.length > 0) {
				lines.push(';; ANSWER SECTION:', ...result.answer.map((r) => `${r.name}\t${r.ttl}\t${r.class}\t${r.type}\t${r.data}`), '');
			}
			if (result.status === 'FORWARDED') lines.push(';; outside the cluster domain: CoreDNS forwards this to its upstream resolver', '');
			else if (result.upstream) lines.push(`;; CoreDNS also asks its upstream for ${result.upstream.name} ${result.upstream.type} and appends that answer`, '');
			io.stdout(`${lines.join('\n')}\n`);
			return 0;
		}
	}
	return 2;
}

/** The process entry point (bin/svcnet.js). */
export function main(): void {
	const io: Io = {
		stdout: (t) => process.stdout.write(t),
		stderr: (t) => process.stderr.write(t),
		readStdin: () => {
			if (process.stdin.isTTY) throw new UsageError('no input: give a FILE, or pipe manifests in (kubectl get svc,endpointslices,pods,nodes -A -o yaml | svcnet ports)');
			return readFileSync(0, 'utf8');
		},
		readFile: (path) => readFileSync(path, 'utf8'),
	};
	process.exitCode = run(process.argv.slice(2), io);
}
