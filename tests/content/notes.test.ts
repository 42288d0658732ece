/**
 * Every note under content/ against the content standard (shared/CONTENT-PLAN.md): frontmatter,
 * code fences, placeholders, Chinese typography, required sections and size. A failure names
 * the file, the line and what to fix.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
	checkFences,
	checkFrontmatter,
	checkPlaceholders,
	checkStructure,
	checkTypography,
	type Problem,
} from '../../src/content-lint/checks.ts';
import { rulesFor } from '../../src/content-lint/rules.ts';
import { checkManifests } from '../../src/content-lint/manifests.ts';
import { NON_PART_DIRS, PARTS } from '../../src/parts.ts';
import { filesUnder } from '../../src/utils/files.ts';
import { load, resolveSettings, validateServices } from '../../src/k8s/index.ts';

const contentDir = join(import.meta.dirname, '../../content');

const files = filesUnder(contentDir).map((f) => relative(contentDir, f).split('\\').join('/'));
const notes = files.filter((f) => /\.mdx?$/.test(f) && !f.split('/').at(-1)!.startsWith('_'));

function report(file: string, problems: Problem[]): string[] {
	return problems.map((p) => `content/${file}:${p.line}: ${p.message}`);
}

test('content/ has the notes of every part', () => {
	const missing = PARTS.filter((p) => !notes.includes(`${p.dir}/index.mdx`)).map((p) => `content/${p.dir}/index.mdx`);
	expect(missing, 'every part needs its index page').toEqual([]);
});

test('notes are .mdx files inside a part folder', () => {
	const parts = new Set(PARTS.map((p) => p.dir));
	const misplaced = notes.filter((f) => {
		const segments = f.replace(/^en\//, '').split('/');
		if (!f.endsWith('.mdx')) return true;
		return segments.length === 1 ? segments[0] !== 'index.mdx' : !parts.has(segments[0]) && !NON_PART_DIRS.has(segments[0]);
	});
	expect(misplaced.map((f) => `content/${f}: 笔记必须是 content/<部分>/<slug>.mdx`)).toEqual([]);
});

describe.each(notes)('content/%s', (file) => {
	const source = readFileSync(join(contentDir, file), 'utf8');
	const rules = rulesFor(file);

	test('frontmatter is valid', () => {
		expect(report(file, checkFrontmatter(source))).toEqual([]);
	});
	test('every code fence names its language', () => {
		expect(report(file, checkFences(source))).toEqual([]);
	});
	test('no placeholder text', () => {
		expect(report(file, checkPlaceholders(source))).toEqual([]);
	});
	test('Chinese typography (AutoCorrect)', () => {
		expect(report(file, checkTypography(source, file))).toEqual([]);
	});
	test('required sections, tags and size', () => {
		expect(report(file, checkStructure(source, rules))).toEqual([]);
	});
	test('Kubernetes manifests parse and pass the apiserver’s validation', () => {
		const problems = checkManifests(source);
		expect(report(file, problems)).toEqual([]);
	});
});

/** The example manifests notes import (content/kubernetes/examples): the widgets run them as written. */
const examples = files.filter((f) => f.startsWith('kubernetes/examples/'));
describe.each(examples)('content/%s', (file) => {
	test('is a valid Kubernetes manifest (YAML parses; the apiserver would accept its Services)', () => {
		expect(file, 'examples are .yaml files').toMatch(/\.yaml$/);
		const text = readFileSync(join(contentDir, file), 'utf8');
		const loaded = load(text);
		expect(loaded.objects.length, 'holds at least one object').toBeGreaterThan(0);
		const errors = [...loaded.diagnostics.filter((d) => d.severity === 'error'), ...validateServices(loaded, resolveSettings().settings)];
		expect(errors.map((d) => `content/${file}:${d.line ?? 1}: ${d.message}`)).toEqual([]);
	});
});
