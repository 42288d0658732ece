/**
 * Positions in JSON input (kubectl get -o json): the lazy scanner must agree with a real parser's
 * node ranges (the yaml package reads JSON as YAML 1.2 flow), for any JSON, any indentation, and
 * any order of lookups (it resumes a partly scanned container).
 */
import fc from 'fast-check';
import { isCollection, isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { describe, expect, test } from 'vitest';
import { jsonLocator } from '../../../src/k8s/json-positions.ts';

type Path = (string | number)[];

/** Every path in the value, with the offset where a real parser says its value starts. */
function expectedOffsets(text: string): { path: Path; offset: number }[] {
	const doc = parseDocument(text);
	const out: { path: Path; offset: number }[] = [];
	const walk = (node: Node | null | undefined, path: Path) => {
		if (!node || !node.range) return;
		out.push({ path, offset: node.range[0] });
		if (isMap(node)) {
			const seen = new Set<string>();
			for (const pair of node.items) {
				const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
				// JSON.parse keeps the last of duplicate keys; the locator the first. Generated JSON has none.
				if (key === undefined || seen.has(key)) continue;
				seen.add(key);
				walk(pair.value as Node, [...path, key]);
			}
		} else if (isCollection(node)) {
			node.items.forEach((item, i) => walk(item as Node, [...path, i]));
		}
	};
	walk(doc.contents as Node, []);
	return out;
}

describe('jsonLocator', () => {
	test('finds where each value starts, as a parser does, whatever the lookup order', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 2, '\t'), fc.integer(), (value, indent, seed) => {
				const text = JSON.stringify(value, null, indent);
				const expected = expectedOffsets(text);
				const lines = new LineCounter();
				parseDocument(text, { lineCounter: lines });
				const locate = jsonLocator(text);
				// A deterministic shuffle of the lookups, so containers are resumed out of order.
				const order = expected.map((e, i) => ({ e, k: Math.imul(i + 1, seed | 1) >>> 0 })).sort((a, b) => a.k - b.k);
				for (const { e } of order) {
					const pos = lines.linePos(e.offset);
					expect(locate(e.path), JSON.stringify(e.path)).toEqual({ line: pos.line, column: pos.col });
				}
			}),
			{ numRuns: 200 },
		);
	});

	test('a path that is not in the text stops at its nearest ancestor', () => {
		const text = '{\n  "items": [\n    {"a": 1},\n    {"b": [1, 2]}\n  ]\n}';
		const locate = jsonLocator(text);
		expect(locate(['items', 1, 'b', 5])).toEqual({ line: 4, column: 11 });
		expect(locate(['items', 7])).toEqual({ line: 2, column: 12 });
		expect(locate(['nope'])).toEqual({ line: 1, column: 1 });
		// Keys written with escapes are found by their decoded name.
		expect(jsonLocator('{"a\\u0062": {"c\\"": 1}}')(['ab', 'c"'])).toEqual({ line: 1, column: 21 });
	});
});

describe('jsonLocator on a hostile paste', () => {
	test('an object with 200,000 keys is located key by key in linear time', () => {
		const keys = Array.from({ length: 200_000 }, (_, i) => `k${i}`);
		const text = `{${keys.map((k) => `"${k}":1`).join(',')}}`;
		const locate = jsonLocator(text);
		// Every key once: quadratic scanning would take minutes; the test's timeout is seconds.
		let last = 0;
		for (const k of keys) last = locate([k])!.column;
		expect(last).toBe(text.length - 1);
	});
});
