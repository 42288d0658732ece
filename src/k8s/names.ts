/**
 * Deterministic stand-ins for the names Kubernetes generates at random: the pod-template-hash of
 * a Deployment's ReplicaSet and the 5-character suffix of generated Pod and EndpointSlice names.
 * Same input, same names; the alphabet is Kubernetes' own (k8s.io/apimachinery util/rand).
 */

/** util/rand's alphanums: no vowels (no words) and no look-alikes (no 0/1/3, l/1). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** 32-bit FNV-1a, the hash the controllers use (hash/fnv New32a). */
export function fnv32a(text: string): number {
	return fnv32aContinue(0x811c9dc5, text);
}

/** FNV-1a of `prefix + text` given `hash` = fnv32a(prefix): hashes many names with one prefix cheaply. */
export function fnv32aContinue(hash: number, text: string): number {
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash >>> 0;
}

/** rand.SafeEncodeString: each character mapped into the safe alphabet. */
export function safeEncode(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) out += ALPHANUMS[text.charCodeAt(i) % ALPHANUMS.length];
	return out;
}

/** A pod-template-hash like the Deployment controller's: SafeEncodeString of a 32-bit hash in decimal. */
export function podTemplateHash(template: unknown): string {
	return safeEncode(String(fnv32a(JSON.stringify(template) ?? '')));
}

/** A 5-character suffix like utilrand.String(5), derived from `seed`. */
export function randomSuffix(seed: string): string {
	return suffixFromHash(fnv32a(seed));
}

/** The suffix for a seed whose FNV-1a hash is `hash`. */
export function suffixFromHash(hash: number): string {
	let n = hash;
	const codes: number[] = [];
	for (let i = 0; i < 5; i++) {
		codes.push(ALPHANUMS.charCodeAt(n % ALPHANUMS.length));
		// xorshift32: the next pseudo-random number from the seed's hash.
		n ^= n << 13;
		n ^= n >>> 17;
		n ^= n << 5;
		n >>>= 0;
	}
	return String.fromCharCode(codes[0], codes[1], codes[2], codes[3], codes[4]);
}
