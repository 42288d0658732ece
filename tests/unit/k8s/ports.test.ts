/**
 * The ports view: every way in and what it reaches. Endpoint choice follows kube-proxy's
 * pkg/proxy/topology.go CategorizeEndpoints (ready first, serving-terminating as a fallback,
 * node-local endpoints for the Local traffic policies).
 */
import { describe, expect, test } from 'vitest';
import { buildCluster } from '../../../src/k8s/model.ts';
import { load } from '../../../src/k8s/load.ts';
import { ports } from '../../../src/k8s/ports.ts';

const nodes = ['n1', 'n2']
	.map(
		(n, i) => `
apiVersion: v1
kind: Node
metadata: {name: ${n}}
status: {addresses: [{type: InternalIP, address: 192.168.1.${i + 1}}]}
---`,
	)
	.join('');

const pod = (name: string, node: string, ip: string, opts: { ready?: boolean; deleting?: boolean } = {}) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: web, labels: {app: web}${opts.deleting ? ', deletionTimestamp: "2026-11-27T10:00:00Z"' : ''}}
spec: {nodeName: ${node}, containers: [{name: c, image: c, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIP: ${ip}, conditions: [{type: Ready, status: "${opts.ready === false ? 'False' : 'True'}"}]}
---`;

const svc = (spec: string, portsYaml = '[{name: http, port: 80, targetPort: http}]') => `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: web}
spec:
  selector: {app: web}
  ports: ${portsYaml}
${spec}`;

const view = (text: string) => ports(buildCluster(load(text)))[0].ports[0];
const reached = (v: ReturnType<typeof view>, kind: string) =>
	v.access.filter((a) => a.kind === kind).map((a) => [a.node ?? '*', a.reaches.map((i) => v.endpoints[i].pod)]);

const twoPods = nodes + pod('a', 'n1', '10.244.1.5') + pod('b', 'n2', '10.244.2.5');

describe('ways in', () => {
	test('NodePort: the cluster IP and every node IP at the node port reach every ready endpoint', () => {
		const v = view(twoPods + svc('  type: NodePort\n  clusterIP: 10.96.0.50', '[{name: http, port: 80, targetPort: http, nodePort: 30080}]'));
		expect(v.access.map((a) => [a.kind, a.address, a.reaches.length])).toEqual([
			['clusterIP', '10.96.0.50:80', 2],
			['nodePort', '192.168.1.1:30080', 2],
			['nodePort', '192.168.1.2:30080', 2],
		]);
		expect(v.endpoints.map((e) => `${e.pod}@${e.node} ${e.ip}:${e.port}`)).toEqual(['a@n1 10.244.1.5:8080', 'b@n2 10.244.2.5:8080']);
	});
	test('externalTrafficPolicy Local: a node port reaches only that node’s endpoints; the cluster IP still reaches all', () => {
		const v = view(twoPods + pod('c', 'n1', '10.244.1.6', { ready: false }) + svc('  type: NodePort\n  externalTrafficPolicy: Local'));
		expect(reached(v, 'nodePort')).toEqual([
			['n1', ['a']],
			['n2', ['b']],
		]);
		expect(reached(v, 'clusterIP')).toEqual([['*', ['a', 'b']]]);
	});
	test('externalTrafficPolicy Local on a node without endpoints drops the traffic', () => {
		const v = view(nodes + pod('a', 'n1', '10.244.1.5') + svc('  type: NodePort\n  externalTrafficPolicy: Local'));
		const n2 = v.access.find((a) => a.kind === 'nodePort' && a.node === 'n2')!;
		expect(n2.reaches).toEqual([]);
		expect(n2.note).toContain('dropped');
	});
	test('internalTrafficPolicy Local: the cluster IP reaches the client node’s endpoints only', () => {
		const v = view(twoPods + svc('  internalTrafficPolicy: Local'));
		expect(reached(v, 'clusterIP')).toEqual([
			['n1', ['a']],
			['n2', ['b']],
		]);
	});
	test('with no ready endpoint, serving terminating ones are used (graceful termination)', () => {
		const v = view(nodes + pod('old', 'n1', '10.244.1.5', { deleting: true }) + pod('sick', 'n2', '10.244.2.5', { ready: false }) + svc(''));
		const access = v.access[0];
		expect(access.reaches.map((i) => v.endpoints[i].pod)).toEqual(['old']);
		expect(access.note).toContain('terminating');
	});
	test('no endpoints at all: the cluster IP rejects', () => {
		const v = view(nodes + svc(''));
		expect(v.endpoints).toEqual([]);
		expect(v.access[0]).toMatchObject({ kind: 'clusterIP', reaches: [], note: 'no ready endpoint: rejected' });
	});
	test('LoadBalancer: ingress IPs from status, or <pending>; external IPs too', () => {
		const withStatus = view(twoPods + svc('  type: LoadBalancer\n  externalIPs: [203.0.113.9]\nstatus: {loadBalancer: {ingress: [{ip: 198.51.100.7}]}}'));
		expect(withStatus.access.filter((a) => a.kind !== 'nodePort').map((a) => [a.kind, a.address])).toEqual([
			['clusterIP', expect.stringMatching(/^10\.\d+\.\d+\.\d+:80$/)],
			['loadBalancer', '198.51.100.7:80'],
			['externalIP', '203.0.113.9:80'],
		]);
		const pending = view(twoPods + svc('  type: LoadBalancer'));
		expect(pending.access.find((a) => a.kind === 'loadBalancer')).toMatchObject({ address: '<pending>:80', reaches: [] });
	});
	test('headless: no virtual IP, DNS answers with the endpoints', () => {
		const v = view(twoPods + svc('  clusterIP: None'));
		expect(v.access).toEqual([{ kind: 'headless', address: 'web.web.svc.cluster.local', reaches: [0, 1], note: expect.stringContaining('DNS') }]);
	});
	test('ExternalName: a CNAME and nothing else', () => {
		const v = view(svc('  type: ExternalName\n  externalName: db.example.com'));
		expect(v.access).toEqual([{ kind: 'externalName', address: 'web.web.svc.cluster.local → CNAME db.example.com', reaches: [], note: expect.any(String) }]);
		expect(v.endpoints).toEqual([]);
	});
});
