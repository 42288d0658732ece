/**
 * Reads the input text: YAML (one or many documents) or JSON, a `kind: List` (what `kubectl get
 * -o yaml` prints) unwrapped into its items. Never throws: every problem is a diagnostic with a
 * line and column, and objects are kept with a way back to their place in the text.
 */
import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { jsonLocator } from './json-positions.ts';
import type { Diagnostic, FieldPath, Loaded, LoadedObject, Locate, Position } from './types.ts';
import { type Json, isObject } from './json.ts';

/** Kinds the engine models, by apiVersion. Others are kept and reported as ignored. */
export const KNOWN_KINDS: Record<string, string[]> = {
	v1: ['Service', 'Endpoints', 'Pod', 'Node', 'Namespace'],
	'discovery.k8s.io/v1': ['EndpointSlice'],
	'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'],
	'kubeproxy.config.k8s.io/v1alpha1': ['KubeProxyConfiguration'],
};

/** Larger inputs are refused outright: nothing a reader pastes or a cluster dump needs is this big. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;
/** YAML aliases a document may expand; more is the "billion laughs" attack, not a manifest. */
const MAX_ALIAS_COUNT = 1000;

function describe(kind: string, name: string, namespace?: string): string {
	return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** Position of the node at `path` in a parsed document, or of its nearest ancestor that exists. */
function nodePosition(doc: Document, path: FieldPath, lines: LineCounter): Position | undefined {
	let node: unknown = doc.contents;
	let best: Position | undefined;
	const at = (n: unknown) => {
		const range = isNode(n) ? n.range : undefined;
		if (range) {
			const { line, col } = lines.linePos(range[0]);
			best = { line, column: col };
		}
	};
	at(node);
	for (const key of path) {
		if (isMap(node)) {
			const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
			if (!pair) break;
			node = pair.value ?? pair.key;
			at(pair.value ?? pair.key);
		} else if (isSeq(node) && typeof key === 'number') {
			node = node.items[key];
			if (node === undefined) break;
			at(node);
		} else break;
	}
	return best;
}

interface Parsed {
	docs: Document[];
	lines: LineCounter;
}

function parseYaml(text: string): Parsed {
	const lines = new LineCounter();
	const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }) as unknown;
	// parseAllDocuments returns an EmptyStream (array-like) for empty input.
	return { docs: Array.isArray(docs) ? (docs as Document[]) : [], lines };
}

/** Splits one document's data into objects, unwrapping lists. */
function collect(
	data: unknown,
	doc: number,
	objects: LoadedObject[],
	diagnostics: Diagnostic[],
	locateRaw: (doc: number, path: FieldPath) => Position | undefined,
	at: FieldPath = [],
) {
	if (data === null || data === undefined) return;
	if (!isObject(data)) {
		diagnostics.push({ severity: 'error', message: 'Expected a Kubernetes object (a mapping with apiVersion, kind and metadata).', ...locateRaw(doc, []) });
		return;
	}
	const add = (body: Json, path: FieldPath) => {
		const kind = body.kind;
		const apiVersion = body.apiVersion;
		const metadata = isObject(body.metadata) ? body.metadata : {};
		const name = metadata.name;
		if (typeof kind !== 'string' || kind === '') {
			diagnostics.push({ severity: 'error', message: 'Object has no kind.', ...locateRaw(doc, path) });
			return;
		}
		if (typeof apiVersion !== 'string' || apiVersion === '') {
			diagnostics.push({ severity: 'error', message: `${kind} has no apiVersion.`, ...locateRaw(doc, path) });
			return;
		}
		const known = KNOWN_KINDS[apiVersion]?.includes(kind);
		if (typeof name !== 'string' || name === '') {
			if (kind === 'KubeProxyConfiguration') {
				objects.push({ kind, apiVersion, name: '', body, doc, path });
				return;
			}
			diagnostics.push({ severity: known ? 'error' : 'info', message: `${kind} has no metadata.name.`, ...locateRaw(doc, [...path, 'metadata']) });
			return;
		}
		const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
		if (!known) {
			const sameKind = Object.entries(KNOWN_KINDS).find(([, kinds]) => kinds.includes(kind));
			diagnostics.push({
				severity: sameKind ? 'warning' : 'info',
				message: sameKind
					? `${kind} ${apiVersion} is not read: the engine understands ${kind} as ${sameKind[0]}.`
					: `Ignored ${apiVersion} ${kind}: not part of Service networking.`,
				object: describe(kind, name, namespace),
				...locateRaw(doc, path),
			});
		}
		objects.push({ kind, apiVersion, name, namespace, body, doc, path });
	};
	if (typeof data.kind === 'string' && data.kind.endsWith('List') && Array.isArray(data.items)) {
		data.items.forEach((item, i) => {
			if (isObject(item)) add(item, ['items', i]);
			else diagnostics.push({ severity: 'error', message: 'List item is not an object.', ...locateRaw(doc, ['items', i]) });
		});
	} else add(data, at);
}

export function load(text: string): Loaded {
	const diagnostics: Diagnostic[] = [];
	const objects: LoadedObject[] = [];
	let parsed: Parsed | undefined;
	const noPlace: Locate = () => undefined;

	if (typeof text !== 'string') {
		return { objects, diagnostics: [{ severity: 'error', message: 'Input is not text.' }], locate: noPlace };
	}
	if (text.length > MAX_INPUT_BYTES) {
		diagnostics.push({
			severity: 'error',
			message: `Input is ${(text.length / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1024 / 1024} MB. Split it, or select fewer objects (kubectl get svc,endpointslices,pods,nodes -n NAMESPACE -o yaml).`,
		});
		return { objects, diagnostics, locate: noPlace };
	}

	const yaml = () => (parsed ??= parseYaml(text));
	let locateJson: ((path: FieldPath) => Position | undefined) | undefined;
	let isJson = false;
	const locateRaw = (doc: number, path: FieldPath) => {
		if (isJson) return (locateJson ??= jsonLocator(text))(path);
		const { docs, lines } = yaml();
		return docs[doc] ? nodePosition(docs[doc], path, lines) : undefined;
	};

	// JSON (kubectl -o json) parses far faster natively; positions are then found lazily by a
	// scan of the same text, only where a diagnostic needs one.
	const trimmed = text.trimStart();
	let json: unknown;
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			json = JSON.parse(text);
			isJson = true;
		} catch {
			isJson = false;
		}
	}
	if (isJson) {
		if (Array.isArray(json)) {
			// A bare array: its items are at [i], not ['items', i].
			json.forEach((item, i) => collect(item, 0, objects, diagnostics, locateRaw, [i]));
		} else collect(json, 0, objects, diagnostics, locateRaw);
	} else {
		let docs: Document[];
		let lines: LineCounter;
		try {
			({ docs, lines } = yaml());
		} catch (error) {
			diagnostics.push({ severity: 'error', message: `Input could not be parsed: ${(error as Error).message}` });
			return { objects, diagnostics, locate: noPlace };
		}
		docs.forEach((doc, index) => {
			for (const error of doc.errors) {
				const pos = lines.linePos(error.pos[0]);
				diagnostics.push({ severity: 'error', message: `YAML: ${error.message.split('\n')[0]}`, line: pos.line, column: pos.col });
			}
			if (doc.errors.length > 0) return;
			let data: unknown;
			try {
				data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
			} catch (error) {
				diagnostics.push({ severity: 'error', message: `YAML: ${(error as Error).message}`, ...nodePosition(doc, [], lines) });
				return;
			}
			collect(data, index, objects, diagnostics, locateRaw);
		});
	}

	const locate: Locate = (object, field) => locateRaw(object.doc, [...object.path, ...field]);
	return { objects, diagnostics, locate };
}

export interface NamedInput {
	/** A file name for messages (`-` for standard input). */
	name?: string;
	text: string;
}

/** Several inputs read as one (the CLI's FILE...): diagnostics carry their file; positions stay per file. */
export function loadAll(inputs: NamedInput[]): Loaded {
	const owners = new Map<LoadedObject, { locate: Locate; name?: string }>();
	const objects: LoadedObject[] = [];
	const diagnostics: Diagnostic[] = [];
	for (const input of inputs) {
		const one = load(input.text);
		for (const o of one.objects) owners.set(o, { locate: one.locate, name: input.name });
		objects.push(...one.objects);
		diagnostics.push(...one.diagnostics.map((d) => (input.name ? { ...d, file: input.name } : d)));
	}
	return {
		objects,
		diagnostics,
		locate: (object, field) => owners.get(object)?.locate(object, field),
		fileOf: (object) => owners.get(object)?.name,
	};
}
