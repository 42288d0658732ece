import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
	checkFences,
	checkFrontmatter,
	checkPlaceholders,
	checkStructure,
	checkTypography,
} from '../../src/content-lint/checks.ts';
import { noteTemplate, parseNewNoteArgs } from '../../src/new-note.ts';

const script = join(import.meta.dirname, '../../scripts/new-note.ts');

function runNew(contentDir: string, ...args: string[]) {
	return spawnSync(process.execPath, [script, ...args], {
		encoding: 'utf8',
		env: { ...process.env, OPS_NOTES_CONTENT_DIR: contentDir },
	});
}

function tempContent(): string {
	const dir = mkdtempSync(join(tmpdir(), 'ops-notes-new-'));
	mkdirSync(join(dir, 'kubernetes'));
	writeFileSync(join(dir, 'kubernetes/index.mdx'), '---\ntitle: k\n---\n');
	writeFileSync(join(dir, 'kubernetes/dns.mdx'), '---\ntitle: d\nsidebar:\n  order: 4\n---\n');
	return dir;
}

describe('npm run new', () => {
	test('creates the note with the next sidebar order', () => {
		const dir = tempContent();
		const result = runNew(dir, 'kubernetes/etcd', 'etcd 备份与恢复');
		expect(result.status, result.stderr).toBe(0);
		const text = readFileSync(join(dir, 'kubernetes/etcd.mdx'), 'utf8');
		expect(text).toContain('title: "etcd 备份与恢复"');
		expect(text).toContain('order: 5');
	});
	test('refuses an existing slug', () => {
		const result = runNew(tempContent(), 'kubernetes/dns', '集群 DNS');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('content/kubernetes/dns.mdx 已经存在');
	});
	test('refuses an unknown part, naming the parts', () => {
		const result = runNew(tempContent(), 'k8s/etcd', 'etcd');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('未知的部分 "k8s"');
		expect(result.stderr).toContain('kubernetes');
	});
	test('refuses a missing title or a malformed slug', () => {
		expect(parseNewNoteArgs(['kubernetes/etcd'])).toHaveProperty('error');
		expect(parseNewNoteArgs(['kubernetes/Etcd_Backup', 'x'])).toHaveProperty('error');
		expect(parseNewNoteArgs(['kubernetes/index', 'x'])).toHaveProperty('error');
	});
});

describe('the template', () => {
	const template = noteTemplate({ part: 'kubernetes', slug: 'etcd', title: 'etcd 备份与恢复' }, 5);
	const rules = { lang: 'zh' as const, isHome: false, minChineseChars: 20, minCodeBlocks: 2 };

	test('fails the checks while it still has its markers', () => {
		const problems = checkPlaceholders(template);
		expect(problems.length).toBeGreaterThanOrEqual(8);
		expect(problems.every((p) => p.message.includes('待补充'))).toBe(true);
	});
	test('passes every check once the markers are replaced with text', () => {
		const written = template
			.replace('https://example.com/待补充', 'https://etcd.io/docs/')
			.replaceAll('待补充：', '')
			.replace('[官方文档标题](https://example.com/待补充)', '[etcd 文档](https://etcd.io/docs/)');
		expect(checkFrontmatter(written)).toEqual([]);
		expect(checkFences(written)).toEqual([]);
		expect(checkPlaceholders(written)).toEqual([]);
		expect(checkTypography(written, 'kubernetes/etcd.mdx')).toEqual([]);
		expect(checkStructure(written, rules)).toEqual([]);
	});
});
