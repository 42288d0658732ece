/**
 * Every example file a note includes (content/<part>/examples/) runs through the tool that would
 * run it for real: scripts execute, configurations pass their tool's own check, regular
 * expressions meet their stated matches. See src/content-lint/examples.ts for the conventions.
 * A machine without a tool skips that kind locally; CI installs them (.ci/run) and fails instead.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkExample, exampleKind, hasTool, TOOLS } from '../../src/content-lint/examples.ts';

const contentDir = join(import.meta.dirname, '../../content');

function exampleFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return exampleFiles(path);
		return path.includes('/examples/') ? [relative(contentDir, path)] : [];
	});
}

const files = exampleFiles(contentDir);

test('every example file is one the suite can check or a manifest the widgets run', () => {
	// A new kind of example needs a checker (src/content-lint/examples.ts) before notes include it.
	const modules = files.filter((f) => exampleKind(f) === 'go').map((f) => f.slice(0, -'go.mod'.length));
	const unknown = files.filter((f) => !exampleKind(f) && !/\.ya?ml$/.test(f) && !f.endsWith('.out') && !modules.some((m) => f.startsWith(m)));
	expect(unknown.map((f) => `content/${f}: no check for this kind of example (see src/content-lint/examples.ts)`)).toEqual([]);
});

const checked = files.flatMap((file) => {
	const kind = exampleKind(file);
	return kind ? [{ file, kind }] : [];
});
const available = new Map(Object.values(TOOLS).flat().map((t) => [t, hasTool(t)]));
const missingFor = (kind: keyof typeof TOOLS) => TOOLS[kind].filter((t) => !available.get(t));

describe.each(checked)('content/$file', ({ file, kind }) => {
	const missing = missingFor(kind);
	test.skipIf(missing.length > 0 && !process.env.CI)(`passes its ${kind} check`, () => {
		expect(missing, `CI must have ${missing.join(', ')} (.ci/run installs them)`).toEqual([]);
		expect(checkExample(join(contentDir, file), kind)).toEqual([]);
	});
});
