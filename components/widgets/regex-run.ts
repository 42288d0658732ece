/**
 * Runs a JavaScript regular expression over a text for the regex tester: every match with its
 * position and groups, and the text after a replacement. `runRegex` references nothing outside
 * its own body, because the tester also ships its source to a Web Worker (made from a Blob, which
 * works from the offline export on disk too) so that a pattern that backtracks catastrophically
 * can be stopped instead of freezing the page.
 */

export interface RegexGroup {
	/** 1-based number, and the name for (?<name>…) groups. */
	n: number;
	name?: string;
	/** undefined when the group did not take part in the match. */
	value?: string;
	start?: number;
}

export interface RegexMatch {
	start: number;
	end: number;
	text: string;
	groups: RegexGroup[];
}

export interface RegexResult {
	error?: string;
	matches: RegexMatch[];
	/** More matches than the limit: the list stops there. */
	truncated: boolean;
	/** The text with the replacement applied (when one was given and the pattern is valid). */
	replaced?: string;
	ms: number;
}

export const MAX_MATCHES = 1000;

export function runRegex(pattern: string, flags: string, text: string, replacement: string | undefined): RegexResult {
	const started = Date.now();
	let re: RegExp;
	try {
		// `g` to list every match, `d` for group positions; the reader's own flags otherwise.
		const own = flags.replace(/[gdy]/g, '');
		re = new RegExp(pattern, `${own}gd`);
	} catch (e) {
		// V8 quotes the pattern with the tester's own g and d flags: keep only the reason.
		const reason = (e as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
		return { error: `表达式无效：${reason}`, matches: [], truncated: false, ms: Date.now() - started };
	}
	// Which group numbers have names: count the capturing parentheses of the pattern (not escaped,
	// not in a character class, `(` or `(?<name>`; classes nest under the v flag).
	const names: Array<string | undefined> = [];
	let depth = 0;
	let count = 0;
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\') {
			i++;
		} else if (depth > 0) {
			if (c === ']') depth--;
			else if (c === '[' && re.unicodeSets) depth++;
		} else if (c === '[') {
			depth = 1;
		} else if (c === '(') {
			if (pattern[i + 1] !== '?') count++;
			else {
				const named = /^\?<([^>=!][^>]*)>/.exec(pattern.slice(i + 1));
				if (named) names[++count] = named[1];
			}
		}
	}
	const matches: RegexMatch[] = [];
	let truncated = false;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text)) !== null) {
		// MAX_MATCHES, written out: this body must not refer to anything outside it.
		if (matches.length === 1000) {
			truncated = true;
			break;
		}
		const indices = (m as RegExpExecArray & { indices?: Array<[number, number] | undefined> }).indices;
		const groups: RegexGroup[] = [];
		for (let i = 1; i < m.length; i++) groups.push({ n: i, name: names[i], value: m[i], start: indices?.[i]?.[0] });
		matches.push({ start: m.index, end: m.index + m[0].length, text: m[0], groups });
		// An empty match would match again at the same place forever: step past it (by code point with u/v).
		if (m[0] === '') re.lastIndex += re.unicode || re.unicodeSets ? (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1 : 1;
	}
	let replaced: string | undefined;
	if (replacement !== undefined) {
		re.lastIndex = 0;
		replaced = text.replace(re, replacement);
	}
	return { matches, truncated, replaced, ms: Date.now() - started };
}
