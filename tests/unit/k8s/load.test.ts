/** Reading the input: YAML or JSON, lists unwrapped, every problem a diagnostic with a place. */
import { describe, expect, test } from 'vitest';
import { load, loadAll, MAX_INPUT_BYTES } from '../../../src/k8s/load.ts';

const svc = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
    nodePort: 80
`;

describe('load', () => {
	test('YAML documents become objects, and fields can be found in the text', () => {
		const loaded = load(`${svc}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n`);
		expect(loaded.objects.map((o) => [o.kind, o.name, o.namespace ?? null])).toEqual([
			['Service', 'web', null],
			['Pod', 'p', 'shop'],
		]);
		expect(loaded.locate(loaded.objects[0], ['spec', 'ports', 0, 'nodePort'])).toEqual({ line: 8, column: 15 });
		// A missing field points at its nearest ancestor.
		expect(loaded.locate(loaded.objects[0], ['spec', 'ports', 0, 'targetPort'])).toEqual({ line: 7, column: 5 });
	});
	test('kubectl’s kind: List is unwrapped, in YAML and in JSON, with positions inside the list', () => {
		const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'x' }, spec: { ports: [{ port: 80 }] } }] };
		for (const text of [JSON.stringify(list, null, 2), `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: x}\n  spec: {ports: [{port: 80}]}\n`]) {
			const loaded = load(text);
			expect(loaded.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual(['Service/x/a']);
			expect(loaded.objects[0].path).toEqual(['items', 0]);
			expect(loaded.locate(loaded.objects[0], ['spec', 'ports', 0, 'port'])?.line).toBe(text.startsWith('{') ? 15 : 7);
		}
	});
	test('broken YAML is an error with its line and column, and the other documents still load', () => {
		const loaded = load(`${svc}---\nkind: [unclosed\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n`);
		expect(loaded.objects.map((o) => o.kind)).toEqual(['Service', 'Namespace']);
		expect(loaded.diagnostics).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^YAML: /) })]);
		// At the unclosed bracket's line or where the parser finds it unclosed.
		expect([10, 11]).toContain(loaded.diagnostics[0].line);
	});
	test('an alias bomb is refused, not expanded', () => {
		const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
		for (let i = 1; i < 12; i++) {
			const prev = String.fromCharCode(96 + i);
			const next = String.fromCharCode(97 + i);
			levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
		}
		const started = performance.now();
		const loaded = load(levels.join('\n'));
		expect(performance.now() - started).toBeLessThan(5000);
		expect(loaded.diagnostics[0].message).toMatch(/alias/i);
	});
	test('an input over the size limit is refused with what to do', () => {
		const loaded = load('#'.repeat(MAX_INPUT_BYTES + 1));
		expect(loaded.objects).toEqual([]);
		expect(loaded.diagnostics[0].message).toMatch(/limit is 32 MB/);
	});
	test('unknown kinds are kept and reported as ignored; known kinds of another apiVersion warn', () => {
		const loaded = load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n');
		expect(loaded.diagnostics.map((d) => [d.severity, d.object])).toEqual([
			['info', 'ConfigMap/c'],
			['warning', 'Deployment/d'],
		]);
		expect(loaded.objects).toHaveLength(2);
	});
	test('objects without kind, apiVersion or name are errors at their place', () => {
		const loaded = load('apiVersion: v1\nmetadata: {name: x}\n---\nkind: Service\nmetadata: {name: y}\n---\napiVersion: v1\nkind: Service\n');
		expect(loaded.diagnostics.map((d) => [d.message, d.line])).toEqual([
			['Object has no kind.', 1],
			['Service has no apiVersion.', 4],
			['Service has no metadata.name.', 7],
		]);
	});
	test('several files read as one: diagnostics name their file, positions stay per file', () => {
		const loaded = loadAll([
			{ name: 'a.yaml', text: svc },
			{ name: 'b.yaml', text: 'apiVersion: v1\nkind: Service\n' },
		]);
		expect(loaded.diagnostics).toEqual([expect.objectContaining({ file: 'b.yaml', line: 1 })]);
		expect(loaded.locate(loaded.objects[0], ['spec', 'ports', 0, 'nodePort'])).toEqual({ line: 8, column: 15 });
		expect(loaded.fileOf?.(loaded.objects[0])).toBe('a.yaml');
	});
});
