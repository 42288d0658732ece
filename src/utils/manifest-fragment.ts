/**
 * A manifest carried in a URL fragment (`#manifest=…`, base64url of its UTF-8): the explorer
 * page's links. A fragment never leaves the browser, so a shared manifest is not sent to any
 * server. Used by the widgets (browser) and the "run" links the build adds to notes (Node).
 */
const KEY = 'manifest';

export function encodeManifest(text: string): string {
	const bytes = new TextEncoder().encode(text);
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function manifestFragment(text: string): string {
	return `#${KEY}=${encodeManifest(text)}`;
}

/** The manifest of a fragment; undefined when it has none; an error when it cannot be read or is over `maxChars`. */
export function decodeManifest(hash: string, maxChars: number): { text: string } | { error: string } | undefined {
	const value = new URLSearchParams(hash.replace(/^#/, '')).get(KEY);
	if (value === null) return undefined;
	// base64 grows text by a third: refuse what could not be computed anyway before decoding it.
	if (value.length > Math.ceil((maxChars * 4) / 3) + 4) return { error: `the link's manifest is larger than ${Math.round(maxChars / 1024)} KB` };
	try {
		const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
		const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
	} catch {
		return { error: 'the link does not carry a readable manifest (it may have been cut short)' };
	}
}
