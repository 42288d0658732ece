import { describe, expect, test } from 'vitest';
import {
	checkFences,
	checkFrontmatter,
	checkPlaceholders,
	checkStructure,
	checkTypography,
} from '../../src/content-lint/checks.ts';
import { countChineseChars, findFences } from '../../src/content-lint/markdown.ts';
import { rulesFor } from '../../src/content-lint/rules.ts';
import { checkManifests } from '../../src/content-lint/manifests.ts';

const good = `---
title: 集群 DNS
description: CoreDNS 如何为 Service 和 Pod 提供名字解析。
tags: [kubernetes, dns]
sources:
  - https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
---

正文。
`;

describe('checkFrontmatter', () => {
	test('a valid note has no problems', () => {
		expect(checkFrontmatter(good)).toEqual([]);
	});
	test('a missing description is reported with its field', () => {
		const problems = checkFrontmatter(good.replace(/description:.*\n/, ''));
		expect(problems).toHaveLength(1);
		expect(problems[0].message).toContain('"description"');
	});
	test('an unknown tag names the tag and points at its line', () => {
		const problems = checkFrontmatter(good.replace('[kubernetes, dns]', '[kubernetes, k8s]'));
		expect(problems).toEqual([{ line: 4, message: expect.stringContaining('"k8s"') }]);
		expect(problems[0].message).toContain('tags.1');
	});
	test('a source that is not a URL is rejected', () => {
		const problems = checkFrontmatter(good.replace('  - https://kubernetes.io', '  - kubernetes.io'));
		expect(problems[0]).toMatchObject({ line: 6, message: expect.stringContaining('sources.0') });
	});
	test('broken YAML is reported at its line, not thrown', () => {
		const problems = checkFrontmatter('---\ntitle: a\ndescription: [unclosed\n---\n');
		expect(problems.length).toBeGreaterThan(0);
		expect(problems[0].message).toContain('YAML');
	});
	test('a file without frontmatter is reported', () => {
		expect(checkFrontmatter('# 标题\n')[0].message).toContain('frontmatter');
	});
});

describe('checkFences', () => {
	test('a fence without a language is reported at its line', () => {
		const src = `${good}\n\`\`\`bash\nls\n\`\`\`\n\n\`\`\`\nplain\n\`\`\`\n`;
		expect(checkFences(src)).toEqual([{ line: 15, message: expect.stringContaining('没有标注语言') }]);
	});
	test('fences nested in a longer fence are part of its body', () => {
		const src = '````markdown\n```\nx\n```\n````\n';
		expect(findFences(src)).toEqual([{ line: 1, lang: 'markdown', body: '```\nx\n```', closed: true }]);
		expect(checkFences(src)).toEqual([]);
	});
	test('an unclosed fence is reported', () => {
		expect(checkFences('```yaml\na: 1\n')[0].message).toContain('结束');
	});
});

describe('checkPlaceholders', () => {
	test.each(['TODO：补充', '这一节待补充。', 'TBD', 'Lorem ipsum dolor'])('%s is caught', (text) => {
		expect(checkPlaceholders(`${good}\n${text}\n`)).toHaveLength(1);
	});
	test('words inside code are not placeholders', () => {
		expect(checkPlaceholders(`${good}\n用 \`grep TODO\` 查找。\n\n\`\`\`bash\ngrep -rn TODO src/\n\`\`\`\n`)).toEqual([]);
	});
});

describe('checkTypography', () => {
	test('missing space between Chinese and Latin and half-width punctuation are reported', () => {
		const problems = checkTypography(`${good}\n这是一个Kubernetes集群,用于测试。\n`, 'a.mdx');
		expect(problems).toEqual([{ line: 11, message: expect.stringContaining('这是一个 Kubernetes 集群，用于测试。') }]);
	});
	test('code blocks are left alone', () => {
		expect(checkTypography(`${good}\n\`\`\`bash\necho 你好,world\n\`\`\`\n`, 'a.mdx')).toEqual([]);
	});
});

describe('checkStructure', () => {
	const rules = { lang: 'zh' as const, isHome: false, minChineseChars: 10, minCodeBlocks: 1 };
	const body = '\n这里是足够长的一段中文正文内容用于测试。\n\n```bash\nls\n```\n\n## 参考\n\n- https://kubernetes.io/\n';
	test('a complete note passes', () => {
		expect(checkStructure(good + body, rules)).toEqual([]);
	});
	test('the references section must come last', () => {
		const problems = checkStructure(good + body + '\n## 附录\n\n更多内容。\n', rules);
		expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('## 参考')]);
	});
	test('too little prose and too few code blocks are reported with the counts', () => {
		const problems = checkStructure(good + '\n短。\n\n## 参考\n', rules);
		expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('5 个汉字'), expect.stringContaining('0 个')]);
	});
	test('a note without tags is reported', () => {
		expect(checkStructure(good.replace(/tags:.*\n/, '') + body, rules).map((p) => p.message)).toEqual([
			expect.stringContaining('tags'),
		]);
	});
});

test('countChineseChars ignores frontmatter, code and inline code', () => {
	expect(countChineseChars(`${good}\n一二三 \`四五\`\n\n\`\`\`text\n六七\n\`\`\`\n`)).toBe(4 /* 正文。 is 2 + 一二三 */ + 1);
});

test('rulesFor applies the content issues’ minimums', () => {
	expect(rulesFor('kubernetes/index.mdx')).toMatchObject({ lang: 'zh', minChineseChars: 600, minCodeBlocks: 2 });
	expect(rulesFor('basics/git.mdx').minChineseChars).toBe(1200);
	expect(rulesFor('cicd/jenkins.mdx').minChineseChars).toBe(1500);
	expect(rulesFor('cicd/index.mdx').minChineseChars).toBe(800);
	expect(rulesFor('cicd/nexus-smtp.mdx').minChineseChars).toBe(800);
	expect(rulesFor('basics/netboot-xyz.mdx').minChineseChars).toBe(800);
	expect(rulesFor('data/index.mdx').minCodeBlocks).toBe(0);
	expect(rulesFor('index.mdx').isHome).toBe(true);
	expect(rulesFor('en/index.mdx')).toMatchObject({ lang: 'en', isHome: true });
});

describe('checkManifests', () => {
	const fence = (yaml: string) => `${good}\n\`\`\`yaml\n${yaml}\`\`\`\n`;
	test('a valid Service passes; YAML that is not a Kubernetes object is left alone', () => {
		expect(checkManifests(fence('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n'))).toEqual([]);
		expect(checkManifests(fence('scrape_configs:\n  - job_name: node\n'))).toEqual([]);
	});
	test('an invalid Service is reported at its line in the note, with the apiserver’s message', () => {
		const problems = checkManifests(fence('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 80\n'));
		expect(problems).toEqual([{ line: 20, message: expect.stringContaining('provided port is not in the valid range') }]);
	});
	test('broken YAML in a manifest is reported too', () => {
		expect(checkManifests(fence('apiVersion: v1\nkind: Service\nmetadata: {name: [\n'))[0].message).toContain('YAML');
	});
});
