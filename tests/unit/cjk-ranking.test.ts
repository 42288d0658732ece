import { describe, expect, test } from 'vitest';
import { cjkPhrases, phraseFirst } from '../../src/search/cjk-ranking.js';

describe('cjkPhrases', () => {
	test('takes runs of two or more Han characters', () => {
		expect(cjkPhrases('容器运行时')).toEqual(['容器运行时']);
		expect(cjkPhrases('Kubernetes 网络策略 配置')).toEqual(['网络策略', '配置']);
	});
	test('a single character, Latin words and quoted text give no phrase', () => {
		expect(cjkPhrases('时')).toEqual([]);
		expect(cjkPhrases('Prometheus')).toEqual([]);
		expect(cjkPhrases('"镜像仓库" 证书')).toEqual(['证书']);
	});
});

describe('phraseFirst', () => {
	const r = (id: string) => ({ id });
	test('pages with the exact phrase come first, in Pagefind’s order', () => {
		const scored = [r('data'), r('code'), r('kubernetes'), r('openshift')];
		expect(phraseFirst(scored, [[r('openshift'), r('kubernetes')]]).map((x) => x.id)).toEqual([
			'kubernetes',
			'openshift',
			'data',
			'code',
		]);
	});
	test('with several phrases, only pages having all of them are promoted', () => {
		const scored = [r('a'), r('b'), r('c')];
		expect(phraseFirst(scored, [[r('b'), r('c')], [r('c')]]).map((x) => x.id)).toEqual(['c', 'a', 'b']);
	});
	test('a phrase match that scoring missed is still listed, after the scored ones', () => {
		expect(phraseFirst([r('a'), r('b')], [[r('b'), r('z')]]).map((x) => x.id)).toEqual(['b', 'z', 'a']);
	});
	test('no phrases leave the order alone', () => {
		const scored = [r('a'), r('b')];
		expect(phraseFirst(scored, [])).toBe(scored);
	});
});
