/**
 * The template `npm run new` writes: every field and section a note must have, each holding a
 * 待补充 marker, so the content checks fail until the author has replaced every one.
 */
import { PARTS } from './parts.ts';
import type { TagId } from './tags.ts';

const DEFAULT_TAGS: Record<string, TagId> = {
	openshift: 'openshift',
	kubernetes: 'kubernetes',
	cicd: 'cicd',
	observability: 'observability',
	basics: 'linux',
	data: 'database',
	code: 'programming',
	hackintosh: 'macos',
	security: 'security',
};

export type NewNoteRequest = { part: string; slug: string; title: string };

/** Parses `<part>/<slug>` and a title, or says what is wrong with them. */
export function parseNewNoteArgs(args: readonly string[]): NewNoteRequest | { error: string } {
	const [path, ...titleWords] = args;
	const title = titleWords.join(' ').trim();
	const usage = '用法：npm run new -- <部分>/<slug> "<标题>"，例如 npm run new -- kubernetes/etcd "etcd 备份与恢复"';
	if (!path || !title) return { error: usage };
	const match = /^([a-z0-9-]+)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(path);
	if (!match) return { error: `"${path}" 不是合法的 <部分>/<slug>：slug 只能用小写字母、数字和连字符。\n${usage}` };
	const [, part, slug] = match;
	if (!PARTS.some((p) => p.dir === part)) {
		return { error: `未知的部分 "${part}"。可用的部分：${PARTS.map((p) => p.dir).join(', ')}` };
	}
	if (slug === 'index') return { error: '每个部分的 index 已经存在，请换一个 slug。' };
	return { part, slug, title };
}

export function noteTemplate({ part, title }: NewNoteRequest, order: number): string {
	return `---
title: ${JSON.stringify(title)}
description: 待补充：一句话说明这篇笔记讲什么（用于搜索结果和链接预览）。
# 标签只能从 src/tags.ts 中选择
tags: [${DEFAULT_TAGS[part]}]
sources:
  # 核对过的官方文档链接
  - https://example.com/待补充
sidebar:
  order: ${order}
---

待补充：开头一段，说明它是什么、读者在什么时候需要它。

## 快速上手

待补充：安装或接入的步骤，写明适用的版本。

\`\`\`bash
# 待补充：真实可运行的命令
\`\`\`

## 常用配置

待补充：最常用的配置项和它们的作用。

\`\`\`yaml
# 待补充：完整可用的配置示例
\`\`\`

## 常见问题与排错

待补充：已知的坑、报错和对应的处理办法。

## 相关笔记

- 待补充：用相对路径链接到相关笔记，例如 [集群 DNS](../kubernetes/dns.mdx)

## 参考

- 待补充：[官方文档标题](https://example.com/待补充)
`;
}
