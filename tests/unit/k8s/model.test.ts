/**
 * The cluster model: what the controllers and allocators would have made of the input.
 * Expected behaviour follows kubernetes/kubernetes: pkg/controller/endpointslice (reconciler.go,
 * utils.go podToEndpoint / getEndpointPorts), pkg/api/v1/pod FindPort, the StatefulSet and
 * Deployment controllers' naming, and the service IP/port allocators.
 */
import { describe, expect, test } from 'vitest';
import { buildCluster } from '../../../src/k8s/model.ts';
import { load } from '../../../src/k8s/load.ts';
import { ports } from '../../../src/k8s/ports.ts';
import { parseCIDR, parseIP, cidrContains } from '../../../src/k8s/ip.ts';

const cluster = (yaml: string) => buildCluster(load(yaml));

const deployment = (name: string, replicas: number, ports = '[{name: http, containerPort: 8080}]', labels = `{app: ${name}}`) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec:
      containers: [{name: app, image: nginx, ports: ${ports}}]
---`;

const service = (name: string, spec: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
${spec}
---`;

describe('workloads become Pods', () => {
	test('a Deployment makes a ReplicaSet named with a pod-template-hash, and that many Pods', () => {
		const c = cluster(deployment('web', 3));
		expect(c.pods).toHaveLength(3);
		const hash = c.pods[0].labels['pod-template-hash'];
		expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
		for (const pod of c.pods) {
			expect(pod.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
			expect(pod.owner).toEqual({ kind: 'ReplicaSet', name: `web-${hash}` });
		}
		expect(new Set(c.pods.map((p) => p.name)).size).toBe(3);
	});
	test('the same input gives the same names and addresses', () => {
		const text = deployment('web', 2) + service('web', '  selector: {app: web}\n  ports: [{port: 80}]');
		expect(JSON.stringify(cluster(text).pods)).toBe(JSON.stringify(cluster(text).pods));
		expect(cluster(text).services[0].clusterIPs).toEqual(cluster(text).services[0].clusterIPs);
	});
	test('a StatefulSet makes ordinal Pods with hostname and subdomain (its serviceName)', () => {
		const c = cluster(`
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres}]}
`);
		expect(c.pods.map((p) => [p.name, p.hostname, p.subdomain, p.labels['statefulset.kubernetes.io/pod-name']])).toEqual([
			['db-0', 'db-0', 'db', 'db-0'],
			['db-1', 'db-1', 'db', 'db-1'],
		]);
	});
	test('a DaemonSet makes one Pod per node that its nodeSelector admits', () => {
		const node = (name: string, role: string) => `
apiVersion: v1
kind: Node
metadata: {name: ${name}, labels: {role: ${role}}}
status: {addresses: [{type: InternalIP, address: 192.168.1.${name.length}${role.length}}]}
---`;
		const c = cluster(`${node('a', 'edge')}${node('bb', 'edge')}${node('ccc', 'db')}
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {nodeSelector: {role: edge}, containers: [{name: a, image: a}]}
`);
		expect(c.pods.map((p) => p.nodeName).sort()).toEqual(['a', 'bb']);
	});
	test('Pods in the input win: a Deployment whose ReplicaSet is listed makes nothing', () => {
		const c = cluster(`${deployment('web', 5)}
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-abc, namespace: shop, ownerReferences: [{kind: Deployment, name: web, controller: true}]}
spec: {replicas: 1, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: app, image: nginx}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-abc-x1, namespace: shop, labels: {app: web}, ownerReferences: [{kind: ReplicaSet, name: web-abc, controller: true}]}
spec: {nodeName: n1, containers: [{name: app, image: nginx}]}
status: {phase: Running, podIP: 10.244.7.7, podIPs: [{ip: 10.244.7.7}], conditions: [{type: Ready, status: "True"}]}
`);
		expect(c.pods.map((p) => [p.name, p.podIPs[0], p.nodeName])).toEqual([['web-abc-x1', '10.244.7.7', 'n1']]);
		expect(c.nodes.map((n) => n.name)).toEqual(['n1']);
	});
	test('generated Pods get distinct IPs from their node’s podCIDR, after .1 (the bridge)', () => {
		const c = cluster(deployment('web', 3));
		const cidr = parseCIDR(c.nodes[0].podCIDRs[0])!;
		expect(c.pods.map((p) => p.podIPs[0])).toEqual(['10.244.0.2', '10.244.0.3', '10.244.0.4']);
		for (const p of c.pods) expect(cidrContains(cidr, parseIP(p.podIPs[0])!)).toBe(true);
	});
});

describe('Services', () => {
	test('a ClusterIP is assigned from the service CIDR, never the first address (the kubernetes Service’s)', () => {
		const names = Array.from({ length: 50 }, (_, i) => service(`s${i}`, '  ports: [{port: 80}]')).join('');
		const c = cluster(names);
		const ips = c.services.map((s) => s.clusterIPs[0]);
		expect(new Set(ips).size).toBe(50);
		const range = parseCIDR('10.96.0.0/12')!;
		for (const ip of ips) expect(cidrContains(range, parseIP(ip)!)).toBe(true);
		expect(ips).not.toContain('10.96.0.1');
		expect(c.diagnostics.filter((d) => d.message.includes('clusterIP') && d.severity === 'info')).toHaveLength(50);
	});
	test('given clusterIP and nodePort win, and filled ones never collide with them', () => {
		const c = cluster(
			service('a', '  type: NodePort\n  clusterIP: 10.96.100.100\n  ports: [{port: 80, nodePort: 30080}]') +
				service('b', '  type: NodePort\n  ports: [{port: 80}, {port: 81}]'),
		);
		expect(c.services[0].clusterIPs).toEqual(['10.96.100.100']);
		expect(c.services[0].ports[0].nodePort).toBe(30080);
		const nodePorts = c.services.flatMap((s) => s.ports.map((p) => p.nodePort));
		expect(new Set(nodePorts).size).toBe(3);
		for (const p of nodePorts) expect(p).toBeGreaterThanOrEqual(30000);
	});
	test('headless and ExternalName Services get no virtual IP', () => {
		const c = cluster(service('h', '  clusterIP: None\n  selector: {app: x}\n  ports: [{port: 80}]') + service('e', '  type: ExternalName\n  externalName: db.example.com'));
		expect(c.services.map((s) => [s.headless, s.clusterIPs])).toEqual([
			[true, []],
			[false, []],
		]);
	});
	test('dual-stack: PreferDualStack gets an address in each family when the cluster has both', () => {
		const loaded = load(service('d', '  ipFamilyPolicy: PreferDualStack\n  ports: [{port: 80}]'));
		const c = buildCluster(loaded, { clusterDomain: 'cluster.local', serviceCIDRs: ['10.96.0.0/12', 'fd00:10:96::/112'], podCIDRs: ['10.244.0.0/16', 'fd00:10:244::/56'], nodePortRange: { min: 30000, max: 32767 } });
		expect(c.services[0].ipFamilies).toEqual(['IPv4', 'IPv6']);
		expect(c.services[0].clusterIPs.map((ip) => parseIP(ip)!.family)).toEqual([4, 6]);
	});
});

describe('EndpointSlices from selectors', () => {
	test('a named targetPort resolves per Pod; Pods that disagree land in separate slices', () => {
		const c = cluster(
			deployment('v1', 2, '[{name: http, containerPort: 8080}]', '{app: web, v: "1"}') +
				deployment('v2', 1, '[{name: http, containerPort: 9090}]', '{app: web, v: "2"}') +
				service('web', '  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]'),
		);
		const slices = c.endpointSlices.filter((s) => s.serviceName === 'web');
		expect(slices.map((s) => [s.ports[0].port, s.endpoints.length]).sort()).toEqual([
			[8080, 2],
			[9090, 1],
		]);
		const view = ports(c)[0].ports[0];
		expect(view.endpoints.map((e) => e.port).sort()).toEqual([8080, 8080, 9090]);
	});
	test('a Pod without the named port gets no endpoint for that port, and the model says so', () => {
		const c = cluster(deployment('web', 1, '[{name: metrics, containerPort: 9100}]') + service('web', '  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]'));
		expect(ports(c)[0].ports[0].endpoints).toEqual([]);
		expect(c.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('no container port named "http"'))).toBe(true);
	});
	test('a numeric targetPort is used even if no container declares it', () => {
		const c = cluster(deployment('web', 1, '[]') + service('web', '  selector: {app: web}\n  ports: [{port: 80, targetPort: 3000}]'));
		expect(ports(c)[0].ports[0].endpoints.map((e) => e.port)).toEqual([3000]);
	});
	test('readiness: not-ready and terminating Pods are endpoints with conditions (podToEndpoint)', () => {
		const pod = (name: string, ready: boolean, deleting = false) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: web}${deleting ? ', deletionTimestamp: "2026-11-27T10:00:00Z"' : ''}}
spec: {nodeName: n1, containers: [{name: c, image: c}]}
status: {phase: Running, podIP: 10.244.0.${name.length + (ready ? 10 : 20) + (deleting ? 30 : 0)}, conditions: [{type: Ready, status: "${ready ? 'True' : 'False'}"}]}
---`;
		const text = pod('a', true) + pod('bb', false) + pod('ccc', true, true);
		const conditions = (publish: boolean) =>
			buildCluster(load(text + service('web', `  selector: {app: web}\n  publishNotReadyAddresses: ${publish}\n  ports: [{port: 80}]`)))
				.endpointSlices.flatMap((s) => s.endpoints)
				.map((e) => [e.targetPod, e.conditions]);
		expect(conditions(false)).toEqual([
			['a', { ready: true, serving: true, terminating: false }],
			['bb', { ready: false, serving: false, terminating: false }],
			['ccc', { ready: false, serving: true, terminating: true }],
		]);
		expect(conditions(true).map(([, c]) => (c as { ready: boolean }).ready)).toEqual([true, true, true]);
	});
	test('EndpointSlices in the input win over the selector', () => {
		const c = cluster(
			deployment('web', 3) +
				service('web', '  selector: {app: web}\n  ports: [{name: http, port: 80}]') +
				`
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-real, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints: [{addresses: [10.1.2.3], conditions: {ready: true}, nodeName: n9}]
`,
		);
		expect(ports(c)[0].ports[0].endpoints).toEqual([{ node: 'n9', ip: '10.1.2.3', port: 8080, ready: true, serving: true, terminating: false }]);
	});
	test('v1 Endpoints of a selectorless Service are mirrored into slices', () => {
		const c = cluster(`${service('ext', '  ports: [{name: pg, port: 5432}]')}
apiVersion: v1
kind: Endpoints
metadata: {name: ext, namespace: shop}
subsets: [{addresses: [{ip: 192.0.2.10}], notReadyAddresses: [{ip: 192.0.2.11}], ports: [{name: pg, port: 5432}]}]
`);
		expect(ports(c)[0].ports[0].endpoints.map((e) => [e.ip, e.ready])).toEqual([
			['192.0.2.10', true],
			['192.0.2.11', false],
		]);
	});
});
