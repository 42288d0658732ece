/**
 * Where a field is in a JSON text, found lazily: a container's children are scanned when a path
 * goes through it, only as far as needed, and remembered, so locating many fields of a large
 * `kubectl get -o json` dump stays linear. The data itself comes from JSON.parse.
 */
import type { FieldPath, Position } from './types.ts';

/**
 * An object's keys (with where their values start) or an array's items found so far, and where
 * the scan goes on. Keys are kept in plain arrays: objects have few, and one is made per scanned
 * object of a large dump.
 */
type Container = ({ keys: string[]; values: number[]; index?: Map<string, number> } | { items: number[] }) & { next: number; done: boolean };

/** Past this many keys an object gets a Map, so a huge one (a hostile paste) stays linear. */
const INDEX_KEYS_AFTER = 32;

function keyIndex(c: { keys: string[]; index?: Map<string, number> }, key: string): number {
	if (c.index) return c.index.get(key) ?? -1;
	return c.keys.indexOf(key);
}

export function jsonLocator(text: string): (path: FieldPath) => Position | undefined {
	const cache = new Map<number, Container>();
	let lineStarts: number[] | undefined;

	const skipSpace = (i: number) => {
		while (i < text.length) {
			const c = text.charCodeAt(i);
			if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
			i++;
		}
		return i;
	};
	/** The offset just past the string starting at `i`; indexOf jumps over its characters natively. */
	const skipString = (i: number) => {
		for (;;) {
			const quote = text.indexOf('"', i + 1);
			if (quote < 0) return text.length;
			// Escaped when preceded by an odd number of backslashes.
			let backslashes = 0;
			for (let j = quote - 1; text.charCodeAt(j) === 92; j--) backslashes++;
			if (backslashes % 2 === 0) return quote + 1;
			i = quote;
		}
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
	/**
	 * A container's children, scanned only as far as a lookup needs and resumed by the next one:
	 * a `kubectl get -o json` List is one large array, and notes ask for its items in order.
	 */
	const containerAt = (at: number): Container | undefined => {
		const cached = cache.get(at);
		if (cached) return cached;
		const open = text.charCodeAt(at);
		if (open !== 123 && open !== 91) return undefined;
		const container: Container = open === 123 ? { keys: [], values: [], next: skipSpace(at + 1), done: false } : { items: [], next: skipSpace(at + 1), done: false };
		cache.set(at, container);
		return container;
	};
	/** Reads the container's next child; false when there is none. */
	const scanOne = (c: Container): boolean => {
		if (c.done) return false;
		let i = c.next;
		let value: number;
		if ('keys' in c) {
			if (text.charCodeAt(i) !== 34) return (c.done = true), false;
			const end = skipString(i);
			const raw = text.slice(i + 1, end - 1);
			let key: string;
			if (!raw.includes('\\')) key = raw;
			else {
				try {
					key = JSON.parse(text.slice(i, end));
				} catch {
					return (c.done = true), false;
				}
			}
			i = skipSpace(end);
			if (text.charCodeAt(i) !== 58) return (c.done = true), false;
			value = skipSpace(i + 1);
			// JSON.parse keeps the last of duplicate keys; the first one's place is as good a pointer.
			if (keyIndex(c, key) < 0) {
				c.keys.push(key);
				c.values.push(value);
				if (c.index) c.index.set(key, c.keys.length - 1);
				else if (c.keys.length > INDEX_KEYS_AFTER) c.index = new Map(c.keys.map((k, i) => [k, i]));
			}
		} else {
			if (i >= text.length || text.charCodeAt(i) === 93) return (c.done = true), false;
			value = i;
			c.items.push(value);
		}
		i = skipSpace(skipValue(value));
		if (text.charCodeAt(i) === 44) c.next = skipSpace(i + 1);
		else c.done = true;
		return true;
	};
	const child = (at: number, key: string | number): number | undefined => {
		const c = containerAt(at);
		if (!c) return undefined;
		if ('keys' in c) {
			if (typeof key !== 'string') return undefined;
			let i = keyIndex(c, key);
			while (i < 0 && scanOne(c)) if (c.keys[c.keys.length - 1] === key) i = c.keys.length - 1;
			return i < 0 ? undefined : c.values[i];
		}
		if (typeof key !== 'number') return undefined;
		while (c.items.length <= key && scanOne(c));
		return c.items[key];
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
			const next = child(at, key);
			if (next === undefined) break;
			at = next;
		}
		return at < text.length ? position(at) : undefined;
	};
}
