/**
 * Where a field is in a JSON text, found lazily: a container's children are scanned the first
 * time a path goes through it and remembered, so locating many fields of a large `kubectl get
 * -o json` dump stays linear. The data itself comes from JSON.parse.
 */
import type { FieldPath, Position } from './types.ts';

type Children = Map<string, number> | number[];

export function jsonLocator(text: string): (path: FieldPath) => Position | undefined {
	const cache = new Map<number, Children>();
	let lineStarts: number[] | undefined;

	const skipSpace = (i: number) => {
		while (i < text.length) {
			const c = text.charCodeAt(i);
			if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
			i++;
		}
		return i;
	};
	const skipString = (i: number) => {
		for (i++; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 92) i++;
			else if (c === 34) return i + 1;
		}
		return i;
	};
	/** The offset just past the value starting at `i` (after whitespace). */
	const skipValue = (i: number): number => {
		const c = text.charCodeAt(i);
		if (c === 34) return skipString(i);
		if (c === 123 || c === 91) {
			let depth = 0;
			for (; i < text.length; i++) {
				const d = text.charCodeAt(i);
				if (d === 34) i = skipString(i) - 1;
				else if (d === 123 || d === 91) depth++;
				else if (d === 125 || d === 93) {
					if (--depth === 0) return i + 1;
				}
			}
			return i;
		}
		while (i < text.length && !',}] \n\r\t'.includes(text[i])) i++;
		return i;
	};
	const childrenOf = (at: number): Children | undefined => {
		const cached = cache.get(at);
		if (cached) return cached;
		const open = text.charCodeAt(at);
		if (open !== 123 && open !== 91) return undefined;
		let i = skipSpace(at + 1);
		let result: Children;
		if (open === 123) {
			const map = new Map<string, number>();
			while (i < text.length && text.charCodeAt(i) === 34) {
				const end = skipString(i);
				let key: string;
				try {
					key = JSON.parse(text.slice(i, end));
				} catch {
					break;
				}
				i = skipSpace(end);
				if (text.charCodeAt(i) !== 58) break;
				const value = skipSpace(i + 1);
				if (!map.has(key)) map.set(key, value);
				i = skipSpace(skipValue(value));
				if (text.charCodeAt(i) === 44) i = skipSpace(i + 1);
			}
			result = map;
		} else {
			const list: number[] = [];
			while (i < text.length && text.charCodeAt(i) !== 93) {
				list.push(i);
				i = skipSpace(skipValue(i));
				if (text.charCodeAt(i) === 44) i = skipSpace(i + 1);
				else break;
			}
			result = list;
		}
		cache.set(at, result);
		return result;
	};
	const position = (offset: number): Position => {
		if (!lineStarts) {
			lineStarts = [0];
			for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
		}
		let lo = 0;
		let hi = lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (lineStarts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
	};
	return (path) => {
		let at = skipSpace(0);
		for (const key of path) {
			const children = childrenOf(at);
			const next = children instanceof Map ? (typeof key === 'string' ? children.get(key) : undefined) : children && typeof key === 'number' ? children[key] : undefined;
			if (next === undefined) break;
			at = next;
		}
		return at < text.length ? position(at) : undefined;
	};
}
