/** The regex tester's runner: what a reader sees listed for a pattern and a text. */
import { expect, test } from 'vitest';
import { MAX_MATCHES, runRegex } from '../../../components/widgets/regex-run.ts';

test('every match with its position and numbered groups', () => {
	const r = runRegex(String.raw`(\d+)\.(\d+)`, '', 'v1.2 and v10.20', undefined);
	expect(r.error).toBeUndefined();
	expect(r.matches.map((m) => [m.start, m.end, m.text, m.groups.map((g) => g.value)])).toEqual([
		[1, 4, '1.2', ['1', '2']],
		[10, 15, '10.20', ['10', '20']],
	]);
});

test('named groups carry their number and name, lookarounds and (?:) do not count', () => {
	const r = runRegex(String.raw`(?:a)(?<=a)(?<year>\d{4})-(\d{2})-(?<day>\d{2})[(]`, '', 'a2026-11-27(', undefined);
	expect(r.matches[0].groups).toEqual([
		{ n: 1, name: 'year', value: '2026', start: 1 },
		{ n: 2, name: undefined, value: '11', start: 6 },
		{ n: 3, name: 'day', value: '27', start: 9 },
	]);
});

test('a group that does not take part is reported as such', () => {
	const r = runRegex('(a)|(b)', '', 'b', undefined);
	expect(r.matches[0].groups.map((g) => g.value)).toEqual([undefined, 'b']);
});

test('empty matches advance (by code point with u) instead of looping', () => {
	expect(runRegex('x*', '', 'ab', undefined).matches.map((m) => m.start)).toEqual([0, 1, 2]);
	expect(runRegex('', 'u', '😀a', undefined).matches.map((m) => m.start)).toEqual([0, 2, 3]);
});

test('the reader’s flags apply; g, y and d are managed by the tester', () => {
	expect(runRegex('^b', 'm', 'a\nb', undefined).matches).toHaveLength(1);
	expect(runRegex('^b', '', 'a\nb', undefined).matches).toHaveLength(0);
	expect(runRegex('B', 'iy', 'ab', undefined).matches).toHaveLength(1);
});

test('an invalid pattern is an error message, not an exception', () => {
	const r = runRegex('(unclosed', '', 'x', undefined);
	expect(r.error).toMatch(/^表达式无效：Unterminated group$/);
	expect(r.matches).toEqual([]);
});

test('the list stops at the limit and says so', () => {
	const r = runRegex('a', '', 'a'.repeat(MAX_MATCHES + 5), undefined);
	expect([r.matches.length, r.truncated]).toEqual([MAX_MATCHES, true]);
});

test('the replacement uses $1, $<name> and $&', () => {
	const r = runRegex(String.raw`(?<k>\w+)=(\w+)`, '', 'a=1, b=2', '$2:$<k>[$&]');
	expect(r.replaced).toBe('1:a[a=1], 2:b[b=2]');
});

test('its source runs on its own, as the Web Worker runs it', () => {
	// The tester ships runRegex.toString() to a Blob worker: it must not refer to anything outside.
	const standalone = new Function(`return (${runRegex.toString()})`)() as typeof runRegex;
	expect(standalone(String.raw`(?<n>\d)`, '', 'a1b2', 'x').matches.map((m) => m.groups[0].name)).toEqual(['n', 'n']);
});
