/**
 * The parts of the knowledge base, in the order of the content plan (shared/CONTENT-PLAN.md).
 * Part Ⅳ and Ⅸ do not exist in the source table of contents; the numerals follow the source.
 * A part is a folder under content/; every note in it appears in the sidebar without config.
 */
export interface Part {
	/** Folder under content/ (and the URL segment). */
	dir: string;
	numeral: string;
	zh: string;
	en: string;
}

export const PARTS: readonly Part[] = [
	{ dir: 'openshift', numeral: 'Ⅰ', zh: '容器云 OpenShift', en: 'OpenShift' },
	{ dir: 'kubernetes', numeral: 'Ⅱ', zh: '容器云 Kubernetes', en: 'Kubernetes' },
	{ dir: 'cicd', numeral: 'Ⅲ', zh: '持续集成与持续部署', en: 'CI/CD' },
	{ dir: 'observability', numeral: 'Ⅴ', zh: '日志/监控/告警', en: 'Logging, monitoring and alerting' },
	{ dir: 'basics', numeral: 'Ⅵ', zh: '基础', en: 'Basics' },
	{ dir: 'data', numeral: 'Ⅶ', zh: '数据存储、处理', en: 'Data storage and processing' },
	{ dir: 'code', numeral: 'Ⅷ', zh: 'CODE', en: 'Code' },
	{ dir: 'hackintosh', numeral: 'Ⅹ', zh: 'Hackintosh', en: 'Hackintosh' },
	{ dir: 'security', numeral: 'Ⅺ', zh: '安全', en: 'Security' },
];

/** Folders under content/ that are not parts: the English locale and example files. */
export const NON_PART_DIRS = new Set(['en']);

export function partLabel(part: Part, lang: 'zh' | 'en'): string {
	return `${part.numeral} ${lang === 'zh' ? part.zh : part.en}`;
}
