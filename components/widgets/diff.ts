/** Which rule lines a policy switch adds and removes (a multiset difference, in listing order). */
export interface RuleDiff {
	added: string[];
	removed: string[];
}

function counts(lines: string[]): Map<string, number> {
	const m = new Map<string, number>();
	for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
	return m;
}

function minus(a: string[], b: string[]): string[] {
	const left = counts(b);
	const out: string[] = [];
	for (const l of a) {
		const n = left.get(l) ?? 0;
		if (n > 0) left.set(l, n - 1);
		else out.push(l);
	}
	return out;
}

export function diffRules(before: string[], after: string[]): RuleDiff {
	return { added: minus(after, before), removed: minus(before, after) };
}
