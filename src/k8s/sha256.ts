/**
 * SHA-256 (FIPS 180-4) and RFC 4648 base32, synchronous and pure, for kube-proxy's chain names
 * (pkg/proxy/iptables/proxier.go portProtoHash / servicePortEndpointChainName: sha256.Sum256,
 * then base32.StdEncoding, first 16 characters). The engine runs in the browser, where
 * crypto.subtle is asynchronous, so the hash is computed here.
 */

const K = new Int32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const W = new Int32Array(64);

/** SHA-256 of `data`: 32 bytes. */
export function sha256(data: Uint8Array): Uint8Array {
	const length = data.length;
	const padded = paddedBuffer(length);
	padded.set(data);
	return digest(padded, length);
}

let scratch = new Uint8Array(256);

/** A zeroed buffer for `length` message bytes plus padding (reused between calls: the hash is synchronous). */
function paddedBuffer(length: number): Uint8Array {
	// Message + 0x80 + zero padding + 64-bit big-endian bit length, to a multiple of 64 bytes.
	const size = Math.ceil((length + 9) / 64) * 64;
	if (scratch.length < size) scratch = new Uint8Array(size * 2);
	const padded = scratch.subarray(0, size);
	padded.fill(0);
	return padded;
}

function digest(padded: Uint8Array, length: number): Uint8Array {
	padded[length] = 0x80;
	const bitsHigh = Math.floor(length / 0x20000000);
	const bitsLow = (length * 8) >>> 0;
	const end = padded.length;
	padded[end - 8] = bitsHigh >>> 24;
	padded[end - 7] = bitsHigh >>> 16;
	padded[end - 6] = bitsHigh >>> 8;
	padded[end - 5] = bitsHigh;
	padded[end - 4] = bitsLow >>> 24;
	padded[end - 3] = bitsLow >>> 16;
	padded[end - 2] = bitsLow >>> 8;
	padded[end - 1] = bitsLow;

	let h0 = 0x6a09e667;
	let h1 = 0xbb67ae85;
	let h2 = 0x3c6ef372;
	let h3 = 0xa54ff53a;
	let h4 = 0x510e527f;
	let h5 = 0x9b05688c;
	let h6 = 0x1f83d9ab;
	let h7 = 0x5be0cd19;

	for (let offset = 0; offset < end; offset += 64) {
		for (let t = 0; t < 16; t++) {
			const i = offset + t * 4;
			W[t] = (padded[i] << 24) | (padded[i + 1] << 16) | (padded[i + 2] << 8) | padded[i + 3];
		}
		for (let t = 16; t < 64; t++) {
			const w15 = W[t - 15];
			const w2 = W[t - 2];
			const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
			const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
			W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
		}
		let a = h0;
		let b = h1;
		let c = h2;
		let d = h3;
		let e = h4;
		let f = h5;
		let g = h6;
		let h = h7;
		for (let t = 0; t < 64; t++) {
			const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
			const ch = (e & f) ^ (~e & g);
			const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
			const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
			const maj = (a & b) ^ (a & c) ^ (b & c);
			const t2 = (S0 + maj) | 0;
			h = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = b;
			b = a;
			a = (t1 + t2) | 0;
		}
		h0 = (h0 + a) | 0;
		h1 = (h1 + b) | 0;
		h2 = (h2 + c) | 0;
		h3 = (h3 + d) | 0;
		h4 = (h4 + e) | 0;
		h5 = (h5 + f) | 0;
		h6 = (h6 + g) | 0;
		h7 = (h7 + h) | 0;
	}
	const out = new Uint8Array(32);
	const put = (i: number, v: number) => {
		out[i] = v >>> 24;
		out[i + 1] = v >>> 16;
		out[i + 2] = v >>> 8;
		out[i + 3] = v;
	};
	put(0, h0);
	put(4, h1);
	put(8, h2);
	put(12, h3);
	put(16, h4);
	put(20, h5);
	put(24, h6);
	put(28, h7);
	return out;
}

const encoder = new TextEncoder();

/** SHA-256 of a string's UTF-8 bytes (Go's []byte(s)). */
export function sha256String(text: string): Uint8Array {
	const n = text.length;
	for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return sha256(encoder.encode(text));
	// ASCII (every Service name, protocol and address): the UTF-8 bytes are the char codes.
	const padded = paddedBuffer(n);
	for (let i = 0; i < n; i++) padded[i] = text.charCodeAt(i);
	return digest(padded, n);
}

export function toHex(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += b.toString(16).padStart(2, '0');
	return s;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with '=' padding (Go's base32.StdEncoding.EncodeToString). */
export function base32(bytes: Uint8Array): string {
	return base32Bytes(bytes, bytes.length);
}

/**
 * The first 16 base32 characters of SHA-256(text): kube-proxy's chain-name hash
 * (16 characters are exactly the first 10 bytes, so no padding is involved).
 */
export function sha256Base32Prefix16(text: string): string {
	return base32Bytes(sha256String(text), 10);
}

function base32Bytes(bytes: Uint8Array, count: number): string {
	let out = '';
	let buffer = 0;
	let bits = 0;
	for (let i = 0; i < count; i++) {
		buffer = ((buffer << 8) | bytes[i]) & 0xffff;
		bits += 8;
		while (bits >= 5) {
			out += BASE32[(buffer >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
	while (out.length % 8 !== 0) out += '=';
	return out;
}
