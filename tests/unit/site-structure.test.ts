import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildSidebar, listPartNotes, readFrontmatter } from '../../src/sidebar.ts';
import { parseGitLog } from '../../src/utils/git-dates.ts';
import { groupByTag } from '../../src/utils/tag-index.ts';
import { PARTS } from '../../src/parts.ts';

function contentTree(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'ops-notes-content-'));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(dir, path, '..'), { recursive: true });
		writeFileSync(join(dir, path), text);
	}
	return dir;
}

const note = (order?: number, extra = '') => `---\ntitle: t\n${order === undefined ? '' : `sidebar:\n  order: ${order}\n`}${extra}---\n`;

describe('sidebar from folders', () => {
	test('a part lists its index first, then notes by sidebar.order, then by slug', () => {
		const dir = contentTree({
			'kubernetes/index.mdx': note(99),
			'kubernetes/dns.mdx': note(3),
			'kubernetes/basics.mdx': note(1),
			'kubernetes/zeta.mdx': note(),
			'kubernetes/alpha.mdx': note(),
			'kubernetes/_draft.mdx': note(0),
			'kubernetes/examples/svc.yaml': 'kind: Service',
		});
		expect(listPartNotes(dir, 'kubernetes').map((n) => n.slug)).toEqual([
			'kubernetes',
			'kubernetes/basics',
			'kubernetes/dns',
			'kubernetes/alpha',
			'kubernetes/zeta',
		]);
	});
	test('a new note appears without config; hidden notes do not', () => {
		const dir = contentTree({ 'cicd/index.mdx': note(), 'cicd/harbor.mdx': note(), 'cicd/old.mdx': note(undefined, 'sidebar:\n  hidden: true\n') });
		const groups = buildSidebar(dir);
		expect(groups[0]).toMatchObject({ label: 'Ⅲ 持续集成与持续部署', translations: { en: 'Ⅲ CI/CD' } });
		expect((groups[0] as { items: { slug: string }[] }).items.map((i) => i.slug)).toEqual(['cicd', 'cicd/harbor']);
		expect(groups.at(-1)).toMatchObject({ link: '/tags/' });
	});
	test('parts come in the content plan order', () => {
		const dir = contentTree(Object.fromEntries(PARTS.map((p) => [`${p.dir}/index.mdx`, note()])));
		expect(buildSidebar(dir).map((g) => g.label)).toEqual([...PARTS.map((p) => `${p.numeral} ${p.zh}`), 'Service 浏览器', '标签索引']);
	});
	test('a folder that is not a part is refused with the list of parts', () => {
		const dir = contentTree({ 'kubernets/index.mdx': note() });
		expect(() => buildSidebar(dir)).toThrow(/kubernets.*openshift, kubernetes/);
	});
	test('a note whose frontmatter does not parse still gets a place', () => {
		expect(readFrontmatter('---\ntitle: [\n---\n')).toEqual({});
		const dir = contentTree({ 'data/index.mdx': note(), 'data/broken.mdx': '---\ntitle: [\n---\n' });
		expect(listPartNotes(dir, 'data').map((n) => n.slug)).toEqual(['data', 'data/broken']);
	});
});

test('parseGitLog keeps the newest date of each file', () => {
	const log = 't:1700000200\n\ncontent/a.mdx\ncontent/b.mdx\nt:1700000100\n\ncontent/a.mdx\ncontent/c.mdx\n';
	const dates = parseGitLog(log);
	expect(dates.get('content/a.mdx')).toEqual(new Date(1700000200_000));
	expect(dates.get('content/c.mdx')).toEqual(new Date(1700000100_000));
	expect(dates.has('content/d.mdx')).toBe(false);
});

describe('groupByTag', () => {
	const entries = [
		{ id: 'index', title: '运维笔记', description: '', tags: [] },
		{ id: 'kubernetes/dns', title: '集群 DNS', description: 'd', tags: ['kubernetes', 'dns'] },
		{ id: 'kubernetes', title: '容器云 Kubernetes', description: 'k', tags: ['kubernetes'] },
		{ id: 'en/kubernetes/dns', title: 'Cluster DNS', description: 'e', tags: ['dns'] },
	];
	test('Chinese lists each tag’s notes in tag order', () => {
		const groups = groupByTag(entries, 'zh');
		expect(groups.map((g) => [g.tag, g.notes.map((n) => n.slug)])).toEqual([
			['kubernetes', ['kubernetes', 'kubernetes/dns']],
			['dns', ['kubernetes/dns']],
		]);
	});
	test('English uses the English version where one exists', () => {
		const dns = groupByTag(entries, 'en').find((g) => g.tag === 'dns')!;
		expect(dns.label).toBe('DNS');
		expect(dns.notes).toEqual([{ slug: 'kubernetes/dns', title: 'Cluster DNS', description: 'e' }]);
	});
});
