/**
 * Properties of the engine over generated manifests and garbage (fast-check): it never throws,
 * and what it computes holds together the way Kubernetes' own objects do.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { buildCluster } from '../../../src/k8s/model.ts';
import { load } from '../../../src/k8s/load.ts';
import { ports } from '../../../src/k8s/ports.ts';
import type { Cluster } from '../../../src/k8s/types.ts';


const label = fc.constantFrom('a', 'b', 'c');
const labels = fc.dictionary(fc.constantFrom('app', 'tier'), label, { maxKeys: 2 });
const portName = fc.constantFrom('http', 'grpc', 'metrics');

const containerPort = fc.record({ name: portName, containerPort: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('TCP', 'UDP') });

const pod = fc.record({
	name: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
	labels,
	ready: fc.boolean(),
	deleting: fc.boolean(),
	ports: fc.uniqueArray(containerPort, { maxLength: 3, selector: (p) => `${p.name}/${p.protocol}` }),
	node: fc.constantFrom('n1', 'n2', 'n3'),
});

const service = fc.record({
	name: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
	type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'None'),
	selector: labels,
	publish: fc.boolean(),
	ports: fc.uniqueArray(
		fc.record({
			name: portName,
			port: fc.integer({ min: 1, max: 65535 }),
			protocol: fc.constantFrom('TCP', 'UDP'),
			targetPort: fc.oneof(fc.integer({ min: 1, max: 65535 }), portName),
		}),
		{ minLength: 1, maxLength: 3, selector: (p) => p.name },
	),
});

const manifest = fc.record({
	pods: fc.uniqueArray(pod, { maxLength: 12, selector: (p) => p.name }),
	services: fc.uniqueArray(service, { maxLength: 6, selector: (s) => s.name }),
	deployments: fc.array(fc.record({ labels, replicas: fc.integer({ min: 0, max: 4 }), ports: fc.uniqueArray(containerPort, { maxLength: 2, selector: (p) => p.name }) }), { maxLength: 3 }),
});

type Manifest = typeof manifest extends fc.Arbitrary<infer T> ? T : never;

function toYaml(m: Manifest): string {
	const docs: unknown[] = [];
	m.pods.forEach((p, i) =>
		docs.push({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: { name: p.name, namespace: 'ns', labels: p.labels, ...(p.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
			spec: { nodeName: p.node, containers: [{ name: 'c', image: 'c', ports: p.ports }] },
			status: { phase: 'Running', podIP: `10.244.${i}.9`, conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }] },
		}),
	);
	m.deployments.forEach((d, i) =>
		docs.push({
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: { name: `d${i}`, namespace: 'ns' },
			spec: { replicas: d.replicas, selector: { matchLabels: d.labels }, template: { metadata: { labels: d.labels }, spec: { containers: [{ name: 'c', image: 'c', ports: d.ports }] } } },
		}),
	);
	m.services.forEach((s) =>
		docs.push({
			apiVersion: 'v1',
			kind: 'Service',
			metadata: { name: s.name, namespace: 'ns' },
			spec: {
				...(s.type === 'None' ? { clusterIP: 'None' } : { type: s.type }),
				selector: s.selector,
				publishNotReadyAddresses: s.publish,
				ports: s.ports,
			},
		}),
	);
	return docs.map((d) => stringify(d)).join('---\n');
}

const build = (m: Manifest): Cluster => buildCluster(load(toYaml(m)));

// Hundreds of generated inputs per property: allow for a busy machine.
describe('the engine never throws', { timeout: 60_000 }, () => {
	test('on arbitrary text', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 400 }), (text) => {
				const cluster = buildCluster(load(text));
				ports(cluster);
			}),
			{ numRuns: 300 },
		);
	});
	test('on arbitrary data where objects are expected (wrong types everywhere)', () => {
		const junk = fc.anything({ maxDepth: 4 });
		const object = fc.record({
			apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', 'discovery.k8s.io/v1'), junk),
			kind: fc.constantFrom('Service', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'EndpointSlice', 'Endpoints', 'Node', 'List'),
			metadata: fc.oneof(fc.record({ name: fc.constantFrom('a', 'b'), namespace: fc.oneof(fc.constant('x'), junk) }), junk),
			spec: junk,
			status: junk,
			items: junk,
			subsets: junk,
			endpoints: junk,
		});
		fc.assert(
			fc.property(fc.array(object, { maxLength: 5 }), (objects) => {
				for (const text of [JSON.stringify(objects), objects.map((o) => stringify(o, { aliasDuplicateObjects: false })).join('---\n')]) {
					const cluster = buildCluster(load(text));
					ports(cluster);
				}
			}),
			{ numRuns: 300 },
		);
	});
});

describe('invariants over generated manifests', { timeout: 60_000 }, () => {
	test('every ready endpoint of a selected Pod appears exactly once per Service port', () => {
		fc.assert(
			fc.property(manifest, (m) => {
				const cluster = build(m);
				const view = ports(cluster);
				for (const svc of cluster.services) {
					if (!svc.selector) continue;
					const selected = cluster.pods.filter((p) => p.namespace === svc.namespace && Object.entries(svc.selector!).every(([k, v]) => p.labels[k] === v));
					const sv = view.find((v) => v.name === svc.name)!;
					for (const port of sv.ports) {
						for (const p of selected) {
							const resolvable = typeof port.targetPort === 'number' || p.ports.some((cp) => cp.name === port.targetPort && cp.protocol === port.protocol);
							const count = port.endpoints.filter((e) => e.pod === p.name).length;
							expect(count).toBe(p.podIPs.length > 0 && resolvable ? 1 : 0);
						}
						// Nothing but selected Pods.
						for (const e of port.endpoints) expect(selected.map((p) => p.name)).toContain(e.pod);
					}
				}
			}),
			{ numRuns: 200 },
		);
	});
	test('a named targetPort resolves per Pod to that Pod’s container port', () => {
		fc.assert(
			fc.property(manifest, (m) => {
				const cluster = build(m);
				for (const sv of ports(cluster)) {
					for (const port of sv.ports) {
						if (typeof port.targetPort !== 'string') {
							for (const e of port.endpoints) expect(e.port).toBe(port.targetPort);
							continue;
						}
						for (const e of port.endpoints) {
							const p = cluster.pods.find((x) => x.name === e.pod)!;
							expect(p.ports.find((cp) => cp.name === port.targetPort && cp.protocol === port.protocol)?.containerPort).toBe(e.port);
						}
					}
				}
			}),
			{ numRuns: 200 },
		);
	});
	test('endpoint conditions follow podToEndpoint; ways in reach only usable endpoints', () => {
		fc.assert(
			fc.property(manifest, (m) => {
				const cluster = build(m);
				for (const sv of ports(cluster)) {
					const svc = cluster.services.find((s) => s.name === sv.name)!;
					for (const port of sv.ports) {
						for (const e of port.endpoints) {
							if (e.terminating && !svc.publishNotReadyAddresses) expect(e.ready).toBe(false);
							if (svc.publishNotReadyAddresses) expect(e.ready).toBe(true);
						}
						for (const a of port.access) {
							const anyReady = port.endpoints.some((e, i) => e.ready && (a.node === undefined || e.node === a.node || a.kind === 'headless'));
							for (const i of a.reaches) {
								const e = port.endpoints[i];
								if (a.kind !== 'headless') expect(e.ready || (!anyReady && e.serving && e.terminating)).toBe(true);
							}
						}
					}
				}
			}),
			{ numRuns: 200 },
		);
	});
	test('node ports are unique across Services and inside the range; cluster IPs unique', () => {
		fc.assert(
			fc.property(manifest, (m) => {
				const cluster = build(m);
				const nodePorts = cluster.services.flatMap((s) => s.ports.map((p) => p.nodePort).filter((n) => n !== undefined));
				expect(new Set(nodePorts).size).toBe(nodePorts.length);
				for (const n of nodePorts) expect(n >= 30000 && n <= 32767).toBe(true);
				const ips = cluster.services.flatMap((s) => s.clusterIPs);
				expect(new Set(ips).size).toBe(ips.length);
			}),
			{ numRuns: 200 },
		);
	});
	test('the same input gives byte-identical results', () => {
		fc.assert(
			fc.property(manifest, (m) => {
				const text = toYaml(m);
				const once = JSON.stringify(ports(buildCluster(load(text))));
				expect(JSON.stringify(ports(buildCluster(load(text))))).toBe(once);
			}),
			{ numRuns: 100 },
		);
	});
});

describe('large and hostile inputs', { timeout: 60_000 }, () => {
	test('10,000 documents load, each object kept', () => {
		const docs = Array.from({ length: 10000 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n`).join('---\n');
		const loaded = load(docs);
		expect(loaded.objects).toHaveLength(10000);
		expect(loaded.diagnostics).toEqual([]);
	});
	test('a 10 MB paste of one long value is read, not refused or choked on', () => {
		const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: big\n  annotations:\n    blob: "${'x'.repeat(10 * 1024 * 1024)}"\nspec:\n  ports: [{port: 80}]\n`;
		const cluster = buildCluster(load(text));
		expect(cluster.services.map((s) => s.name)).toEqual(['big']);
	});
	test('names are data, never markup: a hostile name comes back as the same string', () => {
		const evil = '<img src=x onerror=alert(1)>';
		const cluster = buildCluster(load(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: evil }, spec: { ports: [{ port: 80 }] } })));
		expect(cluster.services[0].name).toBe(evil);
	});
});
