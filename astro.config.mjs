// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import { unified } from '@astrojs/markdown-remark';
import { fileURLToPath } from 'node:url';
import { buildSidebar } from './src/sidebar.ts';
import { remarkMermaid } from './src/plugins/remark-mermaid.ts';
import { rehypeNoteLinks } from './src/plugins/rehype-note-links.ts';
import { remarkRunManifest } from './src/plugins/remark-run-manifest.ts';
import { linkCheck } from './src/integrations/link-check.ts';
import { cjkSearch } from './src/integrations/cjk-search.ts';
import { offline } from './src/integrations/offline.ts';

const contentDir = fileURLToPath(new URL('./content/', import.meta.url));
const repository = 'https://github.com/ops-notes/ops-notes';

export default defineConfig({
	site: process.env.SITE_URL ?? 'https://ops-notes.github.io',
	base: process.env.BASE_PATH ?? '/',
	trailingSlash: 'always',
	markdown: {
		// unified (remark/rehype) rather than Astro's default Sätteri, for the plugin ecosystem.
		processor: unified({
			remarkPlugins: [
				[remarkMermaid, { component: fileURLToPath(new URL('./components/MermaidDiagram.astro', import.meta.url)) }],
				[remarkRunManifest, { contentDir }],
			],
			rehypePlugins: [[rehypeNoteLinks, { contentDir }]],
		}),
	},
	integrations: [
		starlight({
			title: '运维笔记 Ops Notes',
			description: '一位运维工程师的知识库：OpenShift、Kubernetes、CI/CD、日志监控与基础知识，Kubernetes 示例可在页面里直接运行。',
			defaultLocale: 'root',
			locales: {
				root: { label: '简体中文', lang: 'zh-CN' },
				en: { label: 'English', lang: 'en' },
			},
			sidebar: buildSidebar(contentDir),
			editLink: { baseUrl: `${repository}/edit/main/` },
			social: [{ icon: 'github', label: 'GitHub', href: repository }],
			customCss: ['./src/styles/custom.css'],
			routeMiddleware: './src/route-data.ts',
			components: {
				PageTitle: './components/overrides/PageTitle.astro',
				// Starlight's footer + the offline reading button; registers the service worker (public/sw.js).
				Footer: './components/overrides/Footer.astro',
			},
			// Query languages Shiki has no grammar for: shown as plain text (PromQL, LogQL) or with the
			// HCL grammar Grafana Alloy's syntax derives from, instead of a warning per block.
			expressiveCode: { shiki: { langAlias: { promql: 'plaintext', logql: 'plaintext', alloy: 'hcl' } } },
			// Starlight's markdown plugins (asides, heading links) only see this folder when told.
			markdown: { processedDirs: ['./content/'] },
		}),
		// Widgets (components/widgets/*.tsx) are Preact islands.
		preact(),
		cjkSearch(),
		linkCheck({ contentDir }),
		// Last: lists and hashes the finished build (search index included) for the service worker.
		offline(),
	],
});
