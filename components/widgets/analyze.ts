/**
 * What the widgets show for a manifest, computed by the engine: the same pipeline as the CLI
 * (load → buildCluster → views), plus the small things only a page needs (which manifest lines a
 * rule or a row came from, the reader's policy toggles). Pure: the build renders its result into
 * the HTML, the browser recomputes it on every edit.
 */
import {
	buildCluster,
	type Cluster,
	type Diagnostic,
	dnsRecords,
	DEFAULT_DNS,
	iptables,
	iptablesSaveLines,
	load,
	type Loaded,
	type NftListLine,
	nftables,
	nftListLines,
	type LoadedObject,
	parseFieldPath,
	ports,
	proxySettings,
	type ResourceRecord,
	resolveSettings,
	type RuleSource,
	type Ruleset,
	type SaveLine,
	type ServiceView,
	validateServices,
} from '../../src/k8s/index.ts';

/**
 * The largest manifest a page computes (UTF-16 code units). The YAML parser reads about 1 MB a
 * second here, on the page's main thread: past this a paste would freeze the tab, so it is refused
 * with a pointer to the CLI, which has no such limit.
 */
export const MAX_WIDGET_INPUT = 512 * 1024;

/** Reader-side switches that rewrite every Service before the model is built. */
export interface PolicyToggles {
	externalTrafficPolicy?: 'Cluster' | 'Local';
	internalTrafficPolicy?: 'Cluster' | 'Local';
	sessionAffinity?: 'None' | 'ClientIP';
}

export interface Analysis {
	/** Parse errors, apiserver validation and what the engine filled in; errors first. */
	diagnostics: Diagnostic[];
	/** True when the input could not be read at all (too large, not YAML): the views are empty. */
	unreadable: boolean;
	loaded: Loaded;
	cluster: Cluster;
	services: ServiceView[];
	validation: Diagnostic[];
	records: ResourceRecord[];
	node: string;
	nodes: string[];
	ruleset: Ruleset;
	rules: SaveLine[];
	/** The same node's table in kube-proxy's nftables mode, as `nft list table ip kube-proxy` prints it. */
	nft: NftListLine[];
}

const { settings } = resolveSettings();

/** The Services of `loaded`, rewritten by the toggles (bodies are copied, never changed in place). */
function applyToggles(loaded: Loaded, toggles: PolicyToggles): Loaded {
	if (!toggles.externalTrafficPolicy && !toggles.internalTrafficPolicy && !toggles.sessionAffinity) return loaded;
	const objects = loaded.objects.map((o): LoadedObject => {
		if (o.kind !== 'Service' || typeof o.body.spec !== 'object' || o.body.spec === null) return o;
		const spec = { ...(o.body.spec as Record<string, unknown>) };
		if (spec.type === 'ExternalName') return o;
		// externalTrafficPolicy exists only for Services reachable from outside (validation rejects it elsewhere).
		const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
		if (toggles.externalTrafficPolicy && external) spec.externalTrafficPolicy = toggles.externalTrafficPolicy;
		if (toggles.internalTrafficPolicy) spec.internalTrafficPolicy = toggles.internalTrafficPolicy;
		if (toggles.sessionAffinity) {
			spec.sessionAffinity = toggles.sessionAffinity;
			if (toggles.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
		}
		return { ...o, body: { ...o.body, spec } };
	});
	// Positions still hold: a rewritten object keeps its document and path, which is what locate reads.
	return { ...loaded, objects };
}

const bySeverity = { error: 0, warning: 1, info: 2 } as const;

export function analyze(text: string, options: { node?: string; toggles?: PolicyToggles } = {}): Analysis {
	const tooLarge = text.length > MAX_WIDGET_INPUT;
	const loaded0 = tooLarge ? load('') : load(text);
	if (tooLarge) {
		loaded0.diagnostics.push({
			severity: 'error',
			message: `The manifest is ${(text.length / 1024).toFixed(0)} KB; the page computes up to ${MAX_WIDGET_INPUT / 1024} KB. For a larger cluster dump run: npx svcnet ports FILE`,
		});
	}
	const loaded = applyToggles(loaded0, options.toggles ?? {});
	const cluster = buildCluster(loaded, settings);
	const validation = validateServices(loaded, settings);
	const nodes = cluster.nodes.map((n) => n.name);
	const node = options.node && nodes.includes(options.node) ? options.node : nodes[0];
	const ruleset = iptables(cluster, node, proxySettings(cluster).settings);
	const diagnostics = [...cluster.diagnostics, ...validation].sort((a, b) => bySeverity[a.severity] - bySeverity[b.severity] || (a.line ?? 0) - (b.line ?? 0));
	return {
		diagnostics,
		unreadable: tooLarge || (loaded.objects.length === 0 && diagnostics.some((d) => d.severity === 'error')),
		loaded,
		cluster,
		services: ports(cluster),
		validation,
		records: dnsRecords(cluster, DEFAULT_DNS),
		node,
		nodes,
		ruleset,
		rules: iptablesSaveLines(ruleset),
		nft: nftListLines(nftables(cluster, node, proxySettings(cluster, {}, 'nftables').settings)),
	};
}

/** The manifest lines (1-based) where a rule's source is written: the field, and the Service's name. */
export function sourceLines(analysis: Analysis, source: RuleSource | undefined): number[] {
	if (!source?.service) return [];
	const [namespace, name] = source.service.split('/');
	const service = analysis.loaded.objects.find((o) => o.kind === 'Service' && o.name === name && (o.namespace ?? 'default') === namespace);
	if (!service) return [];
	const lines = new Set<number>();
	const nameLine = analysis.loaded.locate(service, ['metadata', 'name'])?.line;
	if (nameLine) lines.add(nameLine);
	const path = source.field ? parseFieldPath(source.field) : undefined;
	const fieldLine = path ? analysis.loaded.locate(service, path)?.line : undefined;
	if (fieldLine) lines.add(fieldLine);
	return [...lines].sort((a, b) => a - b);
}

/** The lines of a Service port (for a row of the ports table): its name and its `spec.ports[i]` entry. */
export function portLines(analysis: Analysis, service: ServiceView, portIndex: number): number[] {
	return sourceLines(analysis, { service: `${service.namespace}/${service.name}`, field: `spec.ports[${portIndex}]` });
}
