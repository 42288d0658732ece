/**
 * npm run bench: how long svcnet takes on clusters of 100, 1,000 and 10,000 Services with 10
 * endpoints each (a Deployment of 10 replicas behind each Service, on enough nodes for them),
 * step by step, and how the time grows. Figures, not assertions: record them in the issue.
 */
import { buildCluster, DEFAULT_DNS, dnsRecords, iptables, iptablesSave, load, nftables, nftList, ports, proxySettings, resolveSettings } from '../src/k8s/index.ts';

const SIZES = [100, 1000, 10000];
const ENDPOINTS = 10;

function manifest(services: number): string {
	const nodes = Math.ceil((services * ENDPOINTS) / 250);
	const out: string[] = [];
	for (let i = 0; i < nodes; i++) {
		out.push(`apiVersion: v1\nkind: Node\nmetadata:\n  name: node-${i}\nstatus:\n  addresses:\n  - type: InternalIP\n    address: 192.168.${Math.floor(i / 250)}.${(i % 250) + 1}\n`);
	}
	for (let i = 0; i < services; i++) {
		const ns = `team-${i % 50}`;
		out.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  replicas: ${ENDPOINTS}
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
      - name: app
        image: registry.example.com/app:1.0
        ports:
        - name: http
          containerPort: 8080
`);
		out.push(`apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  type: ${i % 10 === 0 ? 'NodePort' : 'ClusterIP'}
  selector:
    app: app-${i}
  ports:
  - name: http
    port: 80
    targetPort: http
`);
	}
	return out.join('---\n');
}

function time<T>(fn: () => T): { ms: number; value: T } {
	// Collect the previous step's garbage first (npm run bench passes --expose-gc), so each step
	// is charged for its own work.
	(globalThis as { gc?: () => void }).gc?.();
	const start = performance.now();
	const value = fn();
	return { ms: performance.now() - start, value };
}

/**
 * The median of `runs` timings of `fn`, each from a collected heap, and the last run's value
 * (the same every run: the engine is deterministic). Earlier values are let go before the next
 * run, so no run pays for another's live heap.
 */
function median<T>(runs: number, fn: () => T): { ms: number; value: T } {
	const times: number[] = [];
	let value: T | undefined;
	for (let i = 0; i < runs; i++) {
		value = undefined;
		const run = time(fn);
		times.push(run.ms);
		value = run.value;
	}
	return { ms: times.sort((a, b) => a - b)[Math.floor(runs / 2)], value: value as T };
}

const RUNS = 3;
const { settings } = resolveSettings({ podCIDRs: '100.64.0.0/10' });
const rows: Record<string, number>[] = [];
for (const n of SIZES) {
	const yaml = manifest(n);
	// The JSON a real cluster's `kubectl get -o json` would give for the same objects.
	const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: load(yaml).objects.map((o) => o.body) });
	// Warm up the JIT on a small run before measuring the small sizes.
	if (n === SIZES[0]) for (let i = 0; i < 3; i++) dnsRecords(buildCluster(load(yaml), settings), DEFAULT_DNS);
	// YAML keeps its syntax tree for positions; timed on its own and let go, so the engine's
	// steps below run with the heap of a `svcnet` run on JSON input, not with the harness's leftovers.
	const parseYaml = time(() => load(yaml).objects.length).ms;
	const parseJson = median(RUNS, () => load(json));
	const model = median(RUNS, () => buildCluster(parseJson.value, settings));
	const portView = median(RUNS, () => ports(model.value));
	const dns = median(RUNS, () => dnsRecords(model.value, DEFAULT_DNS));
	const proxy = proxySettings(model.value, { clusterCIDR: '100.64.0.0/10' }).settings;
	const rules = median(RUNS, () => iptables(model.value, 'node-0', proxy));
	const save = median(RUNS, () => iptablesSave(rules.value));
	const nftProxy = proxySettings(model.value, { clusterCIDR: '100.64.0.0/10' }, 'nftables').settings;
	const nft = median(RUNS, () => nftables(model.value, 'node-0', nftProxy));
	const nftText = median(RUNS, () => nftList(nft.value));
	const endpoints = portView.value.reduce((s, v) => s + v.ports.reduce((t, p) => t + p.endpoints.length, 0), 0);
	rows.push({
		services: n,
		endpoints,
		'input MB': yaml.length / 1e6,
		'parse YAML': parseYaml,
		'parse JSON': parseJson.ms,
		model: model.ms,
		ports: portView.ms,
		dns: dns.ms,
		'model+views': model.ms + portView.ms + dns.ms,
		records: dns.value.length,
		iptables: rules.ms,
		'iptables-save': save.ms,
		'rule lines': save.value.split('\n').length - 1,
		nftables: nft.ms,
		'nft list': nftText.ms,
		'nft lines': nftText.value.split('\n').length - 1,
	});
}

const fmt = (v: number, key: string) => (['services', 'endpoints', 'records', 'rule lines', 'nft lines'].includes(key) ? String(v) : key === 'input MB' ? v.toFixed(1) : v.toFixed(0));
const keys = Object.keys(rows[0]);
const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => fmt(r[k], k).length)));
console.log(`svcnet engine (times in ms, median of ${RUNS} runs; YAML parse: one run)`);
console.log(keys.map((k, i) => k.padStart(widths[i])).join('  '));
for (const r of rows) console.log(keys.map((k, i) => fmt(r[k], k).padStart(widths[i])).join('  '));
console.log('\ngrowth factor for each 10x more Services (10 = linear):');
for (const k of ['parse YAML', 'parse JSON', 'model', 'ports', 'dns', 'model+views', 'iptables', 'iptables-save', 'nftables', 'nft list']) {
	const f = rows.slice(1).map((r, i) => (r[k] / rows[i][k]).toFixed(1));
	console.log(`  ${k.padEnd(12)} ${f.join(' , ')}`);
}
const last = rows.at(-1)!;
console.log(`10,000 Services: iptables view + iptables-save text ${(last.iptables + last['iptables-save']).toFixed(0)} ms (target < 1500 ms), ${last['rule lines']} lines`);
console.log(`10,000 Services: nftables view + nft list text ${(last.nftables + last['nft list']).toFixed(0)} ms, ${last['nft lines']} lines`);
console.log(`10,000 Services: model+views ${last['model+views'].toFixed(0)} ms (target < 1000 ms), with YAML parse ${(last['model+views'] + last['parse YAML']).toFixed(0)} ms, with JSON parse ${(last['model+views'] + last['parse JSON']).toFixed(0)} ms`);
