/**
 * The pieces of the apiserver's validation that Service validation is built from, written in
 * TypeScript after kubernetes/kubernetes:
 * - field errors and how they print (staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
 *   `Error.ErrorBody`, `ErrorType.String`, `NotSupported`), field paths (field/path.go `Path.String`);
 * - name, label and port checks (apimachinery pkg/util/validation/validation.go and
 *   pkg/api/validate/content: `IsDNS1123Label`, `IsDNS1123Subdomain`, `IsDNS1035Label`,
 *   `IsLabelKey` (= `IsQualifiedName`), `IsLabelValue`, `IsValidPortNum`, `IsValidPortName`,
 *   `RegexError`, `MaxLenError`, `InclusiveRangeError`);
 * - IP and CIDR parsing as the apiserver does it for legacy fields (k8s.io/utils/net `ParseIPSloppy`
 *   and `ParseCIDRSloppy`, forks of Go 1.16's net.ParseIP / net.ParseCIDR that still accept leading
 *   zeros), and the address classes `ValidateEndpointIP` rejects.
 * Pure functions, no exceptions.
 */
import { formatIP, type IP } from './ip.ts';
import type { FieldPath } from './types.ts';

// ---------------------------------------------------------------- Go's string quoting

/** A Unicode code point Go's unicode.IsPrint accepts: letters, marks, numbers, punctuation, symbols, ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote: how Go's %q (and %#v of a string) prints a string. */
export function goQuote(s: string): string {
	let out = '"';
	for (const ch of s) {
		const cp = ch.codePointAt(0)!;
		if (ch === '"') out += '\\"';
		else if (ch === '\\') out += '\\\\';
		else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // a lone surrogate: Go's decoder made it U+FFFD, which prints as is
		else if (PRINTABLE.test(ch)) out += ch;
		else if (cp === 7) out += '\\a';
		else if (cp === 8) out += '\\b';
		else if (cp === 12) out += '\\f';
		else if (cp === 10) out += '\\n';
		else if (cp === 13) out += '\\r';
		else if (cp === 9) out += '\\t';
		else if (cp === 11) out += '\\v';
		else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
		else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
		else out += `\\U${cp.toString(16).padStart(8, '0')}`;
	}
	return `${out}"`;
}

/** Length in bytes, as Go's len() counts a string (UTF-8). */
export function byteLength(s: string): number {
	let n = 0;
	for (const ch of s) {
		const cp = ch.codePointAt(0)!;
		n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	}
	return n;
}

// ---------------------------------------------------------------- field paths

/** One step of a field path: a field name, a list index, or a map key (printed `[key]`). */
export type PathElement = string | number | { key: string };
export type ErrorPath = readonly PathElement[];

/** field.Path.String(): names joined by dots, indices and map keys in brackets. */
export function formatFieldPath(path: ErrorPath): string {
	let out = '';
	for (const el of path) {
		if (typeof el === 'number') out += `[${el}]`;
		else if (typeof el === 'object') out += `[${el.key}]`;
		else out += out === '' ? el : `.${el}`;
	}
	return out;
}

/** The inverse of formatFieldPath, for locating a printed path in the input: `spec.ports[0].name` → ['spec', 'ports', 0, 'name']. */
export function parseFieldPath(text: string): FieldPath {
	const out: (string | number)[] = [];
	let i = 0;
	while (i < text.length) {
		if (text[i] === '.') {
			i++;
			continue;
		}
		if (text[i] === '[') {
			const end = text.indexOf(']', i);
			const inner = end === -1 ? text.slice(i + 1) : text.slice(i + 1, end);
			out.push(/^\d+$/.test(inner) ? Number(inner) : inner);
			i = end === -1 ? text.length : end + 1;
			continue;
		}
		let j = i;
		while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
		out.push(text.slice(i, j));
		i = j;
	}
	return out;
}

/** The path to look up in the input (map keys become plain keys). */
export function locatablePath(path: ErrorPath): FieldPath {
	return path.map((el) => (typeof el === 'object' ? el.key : el));
}

// ---------------------------------------------------------------- field errors

export type ErrorType = 'NotFound' | 'Required' | 'Duplicate' | 'Invalid' | 'NotSupported' | 'Forbidden' | 'TooLong' | 'TooMany' | 'Internal';

/**
 * A bad value as the apiserver holds it. Strings print quoted (%q), numbers and booleans plain (%v);
 * anything else is printed by Go's %#v, which the caller renders (`{ go: '[]string{"a"}' }`).
 * Named string types (core.Protocol, core.IPFamily …) have no String() method, so %#v prints
 * them quoted like plain strings; pointers are dereferenced first (errors.go ErrorBody).
 */
export type GoValue = string | number | boolean | { go: string } | null;

export interface FieldError {
	type: ErrorType;
	path: ErrorPath;
	value: GoValue;
	detail: string;
	/** Where in the input the error is best shown, when that is more precise than `path` (a map key). */
	at?: FieldPath;
}

const TYPE_TEXT: Record<ErrorType, string> = {
	NotFound: 'Not found',
	Required: 'Required value',
	Duplicate: 'Duplicate value',
	Invalid: 'Invalid value',
	NotSupported: 'Unsupported value',
	Forbidden: 'Forbidden',
	TooLong: 'Too long',
	TooMany: 'Too many',
	Internal: 'Internal error',
};

export const invalid = (path: ErrorPath, value: GoValue, detail: string): FieldError => ({ type: 'Invalid', path, value, detail });
export const required = (path: ErrorPath, detail = ''): FieldError => ({ type: 'Required', path, value: '', detail });
export const forbidden = (path: ErrorPath, detail: string): FieldError => ({ type: 'Forbidden', path, value: '', detail });
export const duplicate = (path: ErrorPath, value: GoValue): FieldError => ({ type: 'Duplicate', path, value, detail: '' });
export const tooLong = (path: ErrorPath, maxBytes: number): FieldError => ({ type: 'TooLong', path, value: '', detail: `must have at most ${maxBytes} bytes` });
/** field.NotSupported: the allowed values are listed quoted, in the order given. */
export const notSupported = (path: ErrorPath, value: GoValue, valid: readonly string[]): FieldError => ({
	type: 'NotSupported',
	path,
	value,
	detail: valid.length > 0 ? `supported values: ${valid.map(goQuote).join(', ')}` : '',
});

/** Go's %#v of a []string. */
export function goStringSlice(values: readonly string[] | undefined): { go: string } {
	return { go: values === undefined ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}` };
}

/** field.Error.ErrorBody(): the error without its field path. */
export function errorBody(e: FieldError): string {
	let s: string;
	if (e.type === 'Required' || e.type === 'Forbidden' || e.type === 'TooLong' || e.type === 'Internal') s = TYPE_TEXT[e.type];
	else {
		const v = e.value;
		const shown = v === null ? 'null' : typeof v === 'string' ? goQuote(v) : typeof v === 'object' ? v.go : String(v);
		s = `${TYPE_TEXT[e.type]}: ${shown}`;
	}
	return e.detail ? `${s}: ${e.detail}` : s;
}

/** field.Error.Error(): `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`. */
export function errorText(e: FieldError): string {
	return `${formatFieldPath(e.path)}: ${errorBody(e)}`;
}

// ---------------------------------------------------------------- messages (util/validation/validation.go)

export const maxLenError = (n: number) => `must be no more than ${n} characters`;
export const emptyError = () => 'must be non-empty';
export const inclusiveRangeError = (lo: number, hi: number) => `must be between ${lo} and ${hi}, inclusive`;

/** RegexError: note Go's wording puts two spaces before each " or ". */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
	if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
	let out = `${msg} (e.g. `;
	examples.forEach((ex, i) => {
		if (i > 0) out += ' or ';
		out += `'${ex}', `;
	});
	return `${out}regex used for validation is '${fmt}')`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG =
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG =
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_MSG =
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const anchored = (fmt: string) => new RegExp(`^(?:${fmt})$`);
const DNS1123_LABEL_RE = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN_RE = anchored(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL_RE = anchored(DNS1035_LABEL_FMT);
const LABEL_KEY_RE = anchored(LABEL_KEY_FMT);
const LABEL_VALUE_RE = anchored(LABEL_VALUE_FMT);

/** IsDNS1123Label (a port name, a namespace). */
export function isDNS1123Label(value: string): string[] {
	const errs: string[] = [];
	if (byteLength(value) > 63) errs.push(maxLenError(63));
	if (!DNS1123_LABEL_RE.test(value)) {
		// A valid subdomain that is not a label can only be one with dots (the length was checked above).
		if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
		else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
	}
	return errs;
}

/** IsDNS1123Subdomain (externalName, label key prefixes). */
export function isDNS1123Subdomain(value: string): string[] {
	const errs: string[] = [];
	if (byteLength(value) > 253) errs.push(maxLenError(253));
	if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
	return errs;
}

/** IsDNS1035Label (a Service's name: apimachinery NameIsDNS1035Label). */
export function isDNS1035Label(value: string): string[] {
	const errs: string[] = [];
	if (byteLength(value) > 63) errs.push(maxLenError(63));
	if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
	return errs;
}

/** IsQualifiedName / content.IsLabelKey: an optional DNS-subdomain prefix and a name. */
export function isQualifiedName(value: string): string[] {
	const errs: string[] = [];
	const parts = value.split('/');
	let name: string;
	if (parts.length === 1) name = parts[0];
	else if (parts.length === 2) {
		const prefix = parts[0];
		name = parts[1];
		if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
		else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
	} else {
		return [
			`a valid label key ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
		];
	}
	if (name.length === 0) errs.push(`name part ${emptyError()}`);
	else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
	if (!LABEL_KEY_RE.test(name)) errs.push(`name part ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
	return errs;
}

/** IsValidLabelValue / content.IsLabelValue. */
export function isValidLabelValue(value: string): string[] {
	const errs: string[] = [];
	if (byteLength(value) > 63) errs.push(maxLenError(63));
	if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
	return errs;
}

/** IsValidPortNum: 1-65535. */
export function isValidPortNum(port: number): string[] {
	return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** IsValidPortName: an IANA_SVC_NAME (a named targetPort). */
export function isValidPortName(port: string): string[] {
	const errs: string[] = [];
	if (byteLength(port) > 15) errs.push(maxLenError(15));
	if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
	if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
	if (port.includes('--')) errs.push('must not contain consecutive hyphens');
	if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
	return errs;
}

// ---------------------------------------------------------------- sloppy IP parsing (k8s.io/utils/net)

/** dtoi: decimal digits at the start of s (any number of them), value and count; ok=false when none or too big. */
function dtoi(s: string): { n: number; c: number; ok: boolean } {
	let n = 0;
	let i = 0;
	for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
		n = n * 10 + (s.charCodeAt(i) - 48);
		if (n >= 0xffffff) return { n: 0xffffff, c: i, ok: false };
	}
	return { n, c: i, ok: i > 0 };
}

function xtoi(s: string): { n: number; c: number; ok: boolean } {
	let n = 0;
	let i = 0;
	for (; i < s.length; i++) {
		if (!/[0-9a-fA-F]/.test(s[i])) break;
		n = n * 16 + parseInt(s[i], 16);
		if (n >= 0xffffff) return { n: 0, c: i, ok: false };
	}
	return { n, c: i, ok: i > 0 };
}

/** Go 1.16 parseIPv4 without the leading-zero check: four decimal parts, each at most 255. */
function parseIPv4Bytes(text: string): number[] | undefined {
	const out: number[] = [];
	let s = text;
	for (let i = 0; i < 4; i++) {
		if (s.length === 0) return undefined;
		if (i > 0) {
			if (s[0] !== '.') return undefined;
			s = s.slice(1);
		}
		const { n, c, ok } = dtoi(s);
		if (!ok || n > 0xff) return undefined;
		s = s.slice(c);
		out.push(n);
	}
	return s.length === 0 ? out : undefined;
}

/** Go 1.16 parseIPv6 (16 bytes), embedded IPv4 parsed sloppily too. */
function parseIPv6Bytes(text: string): number[] | undefined {
	const ip = new Array<number>(16).fill(0);
	let ellipsis = -1;
	let s = text;
	if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
		ellipsis = 0;
		s = s.slice(2);
		if (s.length === 0) return ip;
	}
	let i = 0;
	while (i < 16) {
		const { n, c, ok } = xtoi(s);
		if (!ok || n > 0xffff) return undefined;
		if (c < s.length && s[c] === '.') {
			if (ellipsis < 0 && i !== 12) return undefined;
			if (i + 4 > 16) return undefined;
			const v4 = parseIPv4Bytes(s);
			if (!v4) return undefined;
			ip.splice(i, 4, ...v4);
			s = '';
			i += 4;
			break;
		}
		ip[i] = n >> 8;
		ip[i + 1] = n & 0xff;
		i += 2;
		s = s.slice(c);
		if (s.length === 0) break;
		if (s[0] !== ':' || s.length === 1) return undefined;
		s = s.slice(1);
		if (s[0] === ':') {
			if (ellipsis >= 0) return undefined;
			ellipsis = i;
			s = s.slice(1);
			if (s.length === 0) break;
		}
	}
	if (s.length !== 0) return undefined;
	if (i < 16) {
		if (ellipsis < 0) return undefined;
		const n = 16 - i;
		for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
		for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
	} else if (ellipsis >= 0) return undefined;
	return ip;
}

const bytesToBigint = (bytes: number[]) => bytes.reduce((v, b) => (v << 8n) | BigInt(b), 0n);

/** An IPv4-mapped IPv6 address counts as IPv4 (Go's IP.To4). */
function fromBytes16(bytes: number[]): IP {
	const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
	return mapped ? { family: 4, value: bytesToBigint(bytes.slice(12)) } : { family: 6, value: bytesToBigint(bytes) };
}

/**
 * netutils.ParseIPSloppy: what the apiserver accepts as an IP in legacy fields (clusterIP(s),
 * externalIPs) while StrictIPCIDRValidation is off (alpha, off by default through 1.35):
 * leading zeros allowed, IPv4-mapped IPv6 counted as IPv4, no zones.
 */
export function parseIPSloppy(text: string): IP | undefined {
	if (typeof text !== 'string' || text.length > 256) return undefined;
	for (const ch of text) {
		if (ch === '.') {
			const b = parseIPv4Bytes(text);
			return b ? { family: 4, value: bytesToBigint(b) } : undefined;
		}
		if (ch === ':') {
			const b = parseIPv6Bytes(text);
			return b ? fromBytes16(b) : undefined;
		}
	}
	return undefined;
}

/** netutils.ParseCIDRSloppy: IPv4 tried first, then IPv6; a decimal prefix length within the family's size. */
export function isCIDRSloppy(text: string): boolean {
	if (typeof text !== 'string' || text.length > 256) return false;
	const slash = text.indexOf('/');
	if (slash < 0) return false;
	const addr = text.slice(0, slash);
	const mask = text.slice(slash + 1);
	let bits = 32;
	let ok = parseIPv4Bytes(addr) !== undefined;
	if (!ok) {
		bits = 128;
		ok = parseIPv6Bytes(addr) !== undefined;
	}
	const { n, c, ok: numOk } = dtoi(mask);
	return ok && numOk && c === mask.length && n >= 0 && n <= bits;
}

/** net.IP.String(): the canonical text (the name the IPAddress object gets). */
export const goIPString = (ip: IP): string => formatIP(ip);

const V6 = (hex: string) => BigInt(`0x${hex}`);

/** The checks of ValidateEndpointIP (named ValidateNonSpecialIP before 1.33), in Go's order. */
export function specialIPErrors(text: string, ip: IP): string[] {
	const errs: string[] = [];
	const v = ip.value;
	if (ip.family === 4) {
		if (v === 0n) errs.push(`may not be unspecified (${text})`);
		if (v >> 24n === 127n) errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
		if (v >> 16n === 0xa9fen) errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
		if (v >> 8n === 0xe00000n) errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
	} else {
		if (v === 0n) errs.push(`may not be unspecified (${text})`);
		if (v === 1n) errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
		if (v >> 118n === V6('fe80') >> 6n) errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
		// Go's IP.IsLinkLocalMulticast: ff with scope 2, any flags (ff02::, ff12:: …).
		if (v >> 120n === 0xffn && ((v >> 112n) & 0x0fn) === 2n) errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
	}
	return errs;
}
