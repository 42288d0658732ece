/**
 * Every example file a note includes (content/<part>/examples/) runs through the tool that would
 * run it for real: scripts execute, configurations pass their tool's own check, regular
 * expressions meet their stated matches. See src/content-lint/examples.ts for the conventions.
 * A machine without a tool skips that kind locally; CI installs them (.ci/run) and fails instead.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkExample, exampleKind, hasTool, TOOLS } from '../../src/content-lint/examples.ts';
import { filesUnder } from '../../src/utils/files.ts';

const contentDir = join(import.meta.dirname, '../../content');

const files = filesUnder(contentDir)
	.filter((f) => f.includes('/examples/'))
	.map((f) => relative(contentDir, f));

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
	// A Go module's first build compiles the standard library it imports.
	const timeout = kind === 'go' ? 300_000 : 60_000;
	test.skipIf(missing.length > 0 && !process.env.CI)(`passes its ${kind} check`, { timeout }, () => {
		expect(missing, `CI must have ${missing.join(', ')} (.ci/run installs them)`).toEqual([]);
		expect(checkExample(join(contentDir, file), kind)).toEqual([]);
	});
});

/**
 * The Trap note's cleanup script, run for real: it announces its temporary file, and on SIGTERM or
 * SIGINT its trap removes the file, says so and exits with 128 + the signal's number.
 */
describe('content/basics/examples/trap-cleanup.sh', () => {
	const script = join(contentDir, 'basics/examples/trap-cleanup.sh');
	test.each([
		['SIGTERM', 143],
		['SIGINT', 130],
	] as const)('on %s it removes its temp file and exits %i', async (signal, code) => {
		expect(existsSync(script), 'the Trap note needs content/basics/examples/trap-cleanup.sh').toBe(true);
		const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		const tmp = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no "tmp=<path>" line within 5 s; got: ${out}`)), 5000);
			child.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				const m = /^tmp=(.+)$/m.exec(out);
				if (m) {
					clearTimeout(timer);
					resolve(m[1].trim());
				}
			});
		});
		expect(existsSync(tmp), `${tmp} exists while the script runs`).toBe(true);
		const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
		child.kill(signal);
		const status = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
		if (status === 'timeout') child.kill('SIGKILL');
		expect(status, 'exit status').toBe(code);
		expect(out).toMatch(/^cleaned up$/m);
		expect(existsSync(tmp), `${tmp} removed by the trap`).toBe(false);
	});
});
