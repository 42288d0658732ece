/**
 * What the apiserver answers when the Services of the input are created (`kubectl apply` on a
 * cluster that has none of them yet, or `kubectl create`), one Service after another in input
 * order, as Kubernetes 1.35 does it:
 *
 * 1. Decoding (apiserver handlers/create.go `transformDecodeError`, sigs.k8s.io/json): a field of
 *    the wrong JSON type is a BadRequest, and with kubectl's default `--validate=strict` so is an
 *    unknown field. Nothing else runs.
 * 2. Defaulting: `SetDefaults_Service` (src/k8s/defaults.ts).
 * 3. `REST.beginCreate` (pkg/registry/core/service/storage/storage.go): `normalizeClusterIPs`, then
 *    `allocateCreate` (storage/alloc.go): `initIPFamilyFields` (which runs
 *    `ValidateServiceClusterIPsRelatedFields` first and stops there), the ClusterIP allocators
 *    (ipallocator `MetaAllocator`, on by default since 1.33), then the node port allocator
 *    (portallocator) and the health check node port. The first failure ends the request, so
 *    these errors come alone, before any of ValidateService's.
 * 4. `rest.BeforeCreate` → strategy.Validate → `ValidateServiceCreate` = `ValidateService`
 *    (pkg/apis/core/validation/validation.go): every error at once, in the order it checks them.
 * 5. Storage: a Service of the same namespace and name that was created earlier → AlreadyExists.
 * Only a Service that passes every step keeps its addresses and node ports (the allocation
 * transaction is reverted otherwise), so later Services see only those.
 *
 * kubectl's wording (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go `checkErr`): an Invalid
 * error prints as `The Service "web" is invalid: <field>: <error>`; when it has several causes,
 * kubectl prints them as one message with a bulleted list (`The Service "web" is invalid: ` then
 * `* <field>: <error>` a line). This engine returns one Diagnostic per cause instead, each message
 * in the single-cause form, so each can carry its own line and column. Other errors print as
 * `Error from server (<Reason>): <message>`; kubectl inserts `error when creating "<file>": `
 * after the reason, which is left out here because the engine does not know the file name. When
 * several objects fail in one `kubectl apply`, kubectl prints each as
 * `Error from server (Invalid): error when creating …` instead of `The Service … is invalid`.
 *
 * Not modelled: namespace existence and admission plugins, `metadata.resourceVersion` set on
 * create, ownerReferences and managedFields, and collisions with addresses or node ports the
 * allocators would pick at random for Services that did not ask for one.
 */
import { defaultService } from './defaults.ts';
import { type CIDR, cidrContains, cidrSize, type IP, nthIP, parseCIDR } from './ip.ts';
import type { ClusterSettings, Diagnostic, FieldPath, IPFamily, Loaded, LoadedObject } from './types.ts';
import {
	byteLength,
	duplicate,
	type ErrorPath,
	errorText,
	type FieldError,
	forbidden,
	formatFieldPath,
	goIPString,
	goQuote,
	goStringSlice,
	invalid,
	isCIDRSloppy,
	isDNS1035Label,
	isDNS1123Label,
	isDNS1123Subdomain,
	isQualifiedName,
	isValidLabelValue,
	isValidPortName,
	isValidPortNum,
	locatablePath,
	notSupported,
	parseIPSloppy,
	required,
	specialIPErrors,
	tooLong,
} from './validation-helpers.ts';
import { type Json, isObject } from './json.ts';

export { formatFieldPath, parseFieldPath } from './validation-helpers.ts';

// ---------------------------------------------------------------- 1. decoding

type Schema =
	| { t: 'string'; go: string }
	| { t: 'int32' }
	| { t: 'int64' }
	| { t: 'bool' }
	| { t: 'intstr' }
	| { t: 'map' }
	| { t: 'slice'; go: string; of: Schema }
	| { t: 'struct'; name: string; go: string; fields?: Record<string, Schema> }
	| { t: 'any' };

const S = (go = 'string'): Schema => ({ t: 'string', go });
const STRINGS: Schema = { t: 'slice', go: '[]string', of: S() };

const OBJECT_META: Schema = {
	t: 'struct',
	name: 'ObjectMeta',
	go: 'v1.ObjectMeta',
	fields: {
		name: S(),
		generateName: S(),
		namespace: S(),
		selfLink: S(),
		uid: S('types.UID'),
		resourceVersion: S(),
		generation: { t: 'int64' },
		creationTimestamp: { t: 'any' },
		deletionTimestamp: { t: 'any' },
		deletionGracePeriodSeconds: { t: 'int64' },
		labels: { t: 'map' },
		annotations: { t: 'map' },
		ownerReferences: { t: 'any' },
		finalizers: STRINGS,
		managedFields: { t: 'any' },
	},
};

const SERVICE_PORT: Schema = {
	t: 'struct',
	name: 'ServicePort',
	go: 'v1.ServicePort',
	fields: { name: S(), protocol: S('v1.Protocol'), appProtocol: S(), port: { t: 'int32' }, targetPort: { t: 'intstr' }, nodePort: { t: 'int32' } },
};

const SERVICE_SPEC: Schema = {
	t: 'struct',
	name: 'ServiceSpec',
	go: 'v1.ServiceSpec',
	fields: {
		ports: { t: 'slice', go: '[]v1.ServicePort', of: SERVICE_PORT },
		selector: { t: 'map' },
		clusterIP: S(),
		clusterIPs: STRINGS,
		type: S('v1.ServiceType'),
		externalIPs: STRINGS,
		sessionAffinity: S('v1.ServiceAffinity'),
		loadBalancerIP: S(),
		loadBalancerSourceRanges: STRINGS,
		externalName: S(),
		externalTrafficPolicy: S('v1.ServiceExternalTrafficPolicy'),
		healthCheckNodePort: { t: 'int32' },
		publishNotReadyAddresses: { t: 'bool' },
		sessionAffinityConfig: {
			t: 'struct',
			name: 'SessionAffinityConfig',
			go: 'v1.SessionAffinityConfig',
			fields: { clientIP: { t: 'struct', name: 'ClientIPConfig', go: 'v1.ClientIPConfig', fields: { timeoutSeconds: { t: 'int32' } } } },
		},
		ipFamilies: { t: 'slice', go: '[]v1.IPFamily', of: S('v1.IPFamily') },
		ipFamilyPolicy: S('v1.IPFamilyPolicy'),
		allocateLoadBalancerNodePorts: { t: 'bool' },
		loadBalancerClass: S(),
		internalTrafficPolicy: S('v1.ServiceInternalTrafficPolicy'),
		trafficDistribution: S(),
	},
};

const SERVICE: Schema = {
	t: 'struct',
	name: 'Service',
	go: 'v1.Service',
	fields: { apiVersion: S(), kind: S(), metadata: OBJECT_META, spec: SERVICE_SPEC, status: { t: 'struct', name: 'ServiceStatus', go: 'v1.ServiceStatus' } },
};

interface DecodeProblem {
	message: string;
	path: ErrorPath;
}

const jsonKind = (v: unknown) => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : 'object');

/**
 * Go's encoding/json (as sigs.k8s.io/json, case-sensitive) decoding into v1.Service: the first
 * value of the wrong type (`json: cannot unmarshal string into Go struct field
 * ServicePort.spec.ports.port of type int32`), or else every unknown field (`unknown field
 * "spec.ports[0].targetport"`, reported because kubectl asks for strict field validation).
 */
function decode(body: Json): DecodeProblem | undefined {
	let typeError: DecodeProblem | undefined;
	const unknown: { text: string; path: ErrorPath }[] = [];
	const fail = (value: string, go: string, struct: string, stack: string[], path: ErrorPath) => {
		typeError ??= { message: `json: cannot unmarshal ${value} into Go struct field ${struct}.${stack.join('.')} of type ${go}`, path };
	};
	const walk = (v: unknown, s: Schema, struct: string, stack: string[], path: (string | number)[]): void => {
		if (v === null || v === undefined || s.t === 'any') return;
		switch (s.t) {
			case 'string':
				if (typeof v !== 'string') fail(jsonKind(v), s.go, struct, stack, path);
				return;
			case 'bool':
				if (typeof v !== 'boolean') fail(jsonKind(v), 'bool', struct, stack, path);
				return;
			case 'int32':
			case 'int64': {
				if (typeof v !== 'number') return fail(jsonKind(v), s.t, struct, stack, path);
				const limit = s.t === 'int32' ? 2 ** 31 : 2 ** 63;
				if (!Number.isInteger(v) || v < -limit || v >= limit) fail(`number ${String(v)}`, s.t, struct, stack, path);
				return;
			}
			case 'intstr':
				// intstr.IntOrString.UnmarshalJSON: a quoted value is a name, anything else must be an int32.
				if (typeof v === 'string') return;
				if (typeof v !== 'number') return fail(jsonKind(v), 'int32', struct, stack, path);
				if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) fail(`number ${String(v)}`, 'int32', struct, stack, path);
				return;
			case 'map':
				if (!isObject(v)) return fail(jsonKind(v), 'map[string]string', struct, stack, path);
				for (const [k, item] of Object.entries(v)) {
					if (item !== null && typeof item !== 'string') fail(jsonKind(item), 'string', struct, stack, [...path, { key: k }]);
				}
				return;
			case 'slice':
				if (!Array.isArray(v)) return fail(jsonKind(v), s.go, struct, stack, path);
				v.forEach((item, i) => walk(item, s.of, struct, stack, [...path, i]));
				return;
			case 'struct':
				if (!isObject(v)) return fail(jsonKind(v), s.go, struct, stack, path);
				if (!s.fields) return;
				for (const [k, item] of Object.entries(v)) {
					const field = s.fields[k];
					if (field) walk(item, field, s.name, [...stack, k], [...path, k]);
					else unknown.push({ text: `unknown field ${goQuote(strictPath([...path, k]))}`, path: [...path, k] });
				}
		}
	};
	walk(body, SERVICE, 'Service', [], []);
	if (typeError) return typeError;
	if (unknown.length > 0) return { message: `strict decoding error: ${unknown.map((u) => u.text).join(', ')}`, path: unknown[0].path };
	return undefined;
}

/** sigs.k8s.io/json names a field by its JSON path with list indices: `spec.ports[0].targetport`. */
const strictPath = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** JSON null decodes to Go's zero value, the same as leaving the field out. */
function dropNulls(v: unknown): unknown {
	if (Array.isArray(v)) return v.map((item) => (item === null ? undefined : dropNulls(item)));
	if (!isObject(v)) return v;
	const out: Json = {};
	for (const [k, item] of Object.entries(v)) if (item !== null) out[k] = dropNulls(item);
	return out;
}

// ---------------------------------------------------------------- the Service as the apiserver holds it

interface Port {
	name: string;
	protocol: string;
	appProtocol?: string;
	port: number;
	targetPort: number | string;
	nodePort: number;
}

/** The fields ValidateService reads, after defaulting; `undefined` stands for Go's nil. */
interface Svc {
	name: string;
	namespace: string;
	generateName: string;
	labels: [string, string][];
	annotations: [string, string][];
	finalizers: string[];
	type: string;
	clusterIP: string;
	clusterIPs?: string[];
	ipFamilies: string[];
	ipFamilyPolicy?: string;
	ports: Port[];
	selector?: [string, string][];
	sessionAffinity: string;
	affinityConfig?: { clientIP?: { timeoutSeconds?: number } };
	externalIPs: string[];
	externalName: string;
	externalTrafficPolicy: string;
	healthCheckNodePort: number;
	loadBalancerSourceRanges: string[];
	allocateLoadBalancerNodePorts?: boolean;
	loadBalancerClass?: string;
	internalTrafficPolicy?: string;
	trafficDistribution?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(str) : undefined);
const pairs = (v: unknown): [string, string][] => (isObject(v) ? Object.entries(v).map(([k, x]) => [k, str(x)] as [string, string]) : []);

function toSvc(body: Json, name: string, namespace: string): Svc {
	const meta = isObject(body.metadata) ? body.metadata : {};
	const spec = isObject(body.spec) ? body.spec : {};
	const config = isObject(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : undefined;
	return {
		name,
		namespace,
		generateName: str(meta.generateName),
		labels: pairs(meta.labels),
		annotations: pairs(meta.annotations),
		finalizers: strings(meta.finalizers) ?? [],
		type: str(spec.type),
		clusterIP: str(spec.clusterIP),
		clusterIPs: strings(spec.clusterIPs),
		ipFamilies: strings(spec.ipFamilies) ?? [],
		ipFamilyPolicy: typeof spec.ipFamilyPolicy === 'string' ? spec.ipFamilyPolicy : undefined,
		ports: (Array.isArray(spec.ports) ? spec.ports : []).map((p) => {
			const port = isObject(p) ? p : {};
			return {
				name: str(port.name),
				protocol: str(port.protocol),
				appProtocol: typeof port.appProtocol === 'string' ? port.appProtocol : undefined,
				port: num(port.port),
				targetPort: typeof port.targetPort === 'string' ? port.targetPort : num(port.targetPort),
				nodePort: num(port.nodePort),
			};
		}),
		selector: isObject(spec.selector) ? pairs(spec.selector) : undefined,
		sessionAffinity: str(spec.sessionAffinity),
		affinityConfig: config && {
			clientIP: isObject(config.clientIP)
				? { timeoutSeconds: typeof config.clientIP.timeoutSeconds === 'number' ? config.clientIP.timeoutSeconds : undefined }
				: undefined,
		},
		externalIPs: strings(spec.externalIPs) ?? [],
		externalName: str(spec.externalName),
		externalTrafficPolicy: str(spec.externalTrafficPolicy),
		healthCheckNodePort: num(spec.healthCheckNodePort),
		loadBalancerSourceRanges: strings(spec.loadBalancerSourceRanges) ?? [],
		allocateLoadBalancerNodePorts: typeof spec.allocateLoadBalancerNodePorts === 'boolean' ? spec.allocateLoadBalancerNodePorts : undefined,
		loadBalancerClass: typeof spec.loadBalancerClass === 'string' ? spec.loadBalancerClass : undefined,
		internalTrafficPolicy: typeof spec.internalTrafficPolicy === 'string' ? spec.internalTrafficPolicy : undefined,
		trafficDistribution: typeof spec.trafficDistribution === 'string' ? spec.trafficDistribution : undefined,
	};
}

const isHeadless = (s: Svc) => s.clusterIPs !== undefined && s.clusterIPs.length === 1 && s.clusterIPs[0] === 'None';
/** pkg/api/service ExternallyAccessible. */
const externallyAccessible = (s: Svc) => s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && s.externalIPs.length > 0);
/** pkg/api/service NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local. */
const needsHealthCheck = (s: Svc) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';

// ---------------------------------------------------------------- the cluster's allocators

interface ClusterState {
	/** Service CIDRs by family; the first family is the primary (--service-cluster-ip-range[0]). */
	cidrs: Map<IPFamily, CIDR[]>;
	primary: IPFamily;
	/** Cluster IPs held (IPAddress object names) → the Service holding them. */
	ips: Map<string, string>;
	nodePorts: Set<number>;
	range: { min: number; max: number };
	created: Set<string>;
}

const familyName = (ip: IP): IPFamily => (ip.family === 4 ? 'IPv4' : 'IPv6');
const otherFamily = (f: string): IPFamily => (f === 'IPv4' ? 'IPv6' : 'IPv4');

/**
 * servicecidr.PrefixContainsIP: in the prefix, and neither its network address nor (IPv4) its
 * broadcast address, which no ServiceCIDR hands out.
 */
function prefixContainsIP(c: CIDR, ip: IP): boolean {
	if (!cidrContains(c, ip)) return false;
	if (ip.value === c.base) return false;
	return !(ip.family === 4 && ip.value === c.base + cidrSize(c) - 1n);
}

/** MetaAllocator.AllocateService for a requested address (ipallocator/cidrallocator.go, ipallocator.go). */
function allocateIP(state: ClusterState, family: string, ip: IP): string | undefined {
	const cidrs = state.cidrs.get(family as IPFamily) ?? [];
	if (!cidrs.some((c) => prefixContainsIP(c, ip))) return 'the provided network does not match the current range';
	if (state.ips.has(goIPString(ip))) return 'provided IP is already allocated';
	return undefined;
}

/** portallocator.PortAllocationOperation.Allocate for a requested node port. */
function allocatePort(state: ClusterState, taken: Set<number>, port: number): string | undefined {
	const { min, max } = state.range;
	if (port < min || port > max) return `provided port is not in the valid range. The range of valid ports is ${min}-${max}`;
	if (state.nodePorts.has(port) || taken.has(port)) return 'provided port is already allocated';
	taken.add(port);
	return undefined;
}

/**
 * A free node port standing for one the allocator would pick at random. Its value never shows in
 * an error and it is not kept for later Services: which port the allocator picks is not knowable.
 */
function anyFreePort(state: ClusterState, taken: Set<number>, picked: Set<number>, avoid: Set<number>): number | undefined {
	for (let p = state.range.max; p >= state.range.min; p--) {
		if (!state.nodePorts.has(p) && !taken.has(p) && !picked.has(p) && !avoid.has(p)) {
			picked.add(p);
			return p;
		}
	}
	return undefined;
}

type Outcome =
	| { kind: 'invalid'; errors: FieldError[] }
	| { kind: 'internal'; message: string; path: ErrorPath }
	| { kind: 'ok'; ips: string[]; nodePorts: number[] };

// ---------------------------------------------------------------- 3. beginCreate: families, addresses, node ports

/** ValidateServiceClusterIPsRelatedFields (validation.go). */
function validateClusterIPsRelated(s: Svc): FieldError[] {
	if (s.type === 'ExternalName') return [];
	const errs: FieldError[] = [];
	let hasInvalidIPs = false;
	const ips = s.clusterIPs ?? [];
	const ipsPath = ['spec', 'clusterIPs'];
	if (s.clusterIP !== '') {
		if (ips.length === 0) errs.push(required(ipsPath));
		else if (ips[0] !== s.clusterIP) errs.push(invalid(ipsPath, goStringSlice(s.clusterIPs), 'first value must match `clusterIP`'));
	} else if (ips.length !== 0) {
		errs.push(invalid(ipsPath, goStringSlice(s.clusterIPs), 'must be empty when `clusterIP` is not specified'));
	}
	const seen = new Set<string>();
	s.ipFamilies.forEach((f, i) => {
		if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(['spec', 'ipFamilies', i], f, ['IPv4', 'IPv6']));
		if (seen.has(f)) errs.push(duplicate(['spec', 'ipFamilies', i], f));
		seen.add(f);
	});
	if (s.ipFamilyPolicy !== undefined && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(s.ipFamilyPolicy)) {
		errs.push(notSupported(['spec', 'ipFamilyPolicy'], s.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
	}
	ips.forEach((ip, i) => {
		if (i === 0 && ip === 'None') {
			if (ips.length > 1) {
				hasInvalidIPs = true;
				errs.push(invalid(ipsPath, goStringSlice(ips), "'None' must be the first and only value"));
			}
			return;
		}
		// IsValidIPForLegacyField with StrictIPCIDRValidation off (alpha in 1.33-1.35): ParseIPSloppy only.
		if (!parseIPSloppy(ip)) {
			hasInvalidIPs = true;
			errs.push(invalid([...ipsPath, i], ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
		}
	});
	if (ips.length > 2) errs.push(invalid(ipsPath, goStringSlice(ips), 'may only hold up to 2 values'));
	if (hasInvalidIPs) return errs;
	if (ips.length > 1) {
		const families = new Set(ips.map((ip) => parseIPSloppy(ip)!.family));
		if (families.size < 2) errs.push(invalid(ipsPath, goStringSlice(ips), 'may specify no more than one IP for each IP family'));
	}
	if (!isHeadless(s) && ips.length > 0 && s.ipFamilies.length > 0) {
		ips.forEach((ip, i) => {
			if (i > s.ipFamilies.length - 1) return;
			const v6 = parseIPSloppy(ip)!.family === 6;
			if (s.ipFamilies[i] === 'IPv4' && v6) errs.push(invalid([...ipsPath, i], ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
			if (s.ipFamilies[i] === 'IPv6' && !v6) errs.push(invalid([...ipsPath, i], ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
		});
	}
	return errs;
}

/** Allocators.initIPFamilyFields on create (alloc.go): defaults ipFamilyPolicy and ipFamilies, or says why it cannot. */
function initIPFamilyFields(s: Svc, state: ClusterState): FieldError[] {
	if (s.type === 'ExternalName') return [];
	const selectorless = (s.selector ?? []).length === 0;
	if (s.ipFamilyPolicy === undefined) s.ipFamilyPolicy = s.clusterIP === 'None' && selectorless ? 'RequireDualStack' : 'SingleStack';
	const pre = validateClusterIPsRelated(s);
	if (pre.length > 0) return pre;

	const errs: FieldError[] = [];
	const policy = s.ipFamilyPolicy;
	const policyPath = ['spec', 'ipFamilyPolicy'];
	const ips = s.clusterIPs ?? [];
	if (policy === 'SingleStack') {
		if (ips.length === 2) errs.push(invalid(policyPath, policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
		if (s.ipFamilies.length === 2) errs.push(invalid(policyPath, policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
	}
	for (let i = 0; i < ips.length; i++) {
		if (ips[i] === 'None') break;
		const fam = familyName(parseIPSloppy(ips[i])!);
		if (i >= s.ipFamilies.length) {
			if (!state.cidrs.has(fam)) errs.push(invalid(['spec', 'clusterIPs', i], goStringSlice(ips), `${fam} is not configured on this cluster`));
			else s.ipFamilies.push(fam);
		}
	}
	if (errs.length > 0) return errs;

	if (s.clusterIP === 'None' && selectorless) {
		if (s.ipFamilies.length === 0) s.ipFamilies = [state.primary];
		if (s.ipFamilies.length < 2 && policy !== 'SingleStack') s.ipFamilies.push(otherFamily(s.ipFamilies[0]));
		return [];
	}
	if (policy === 'RequireDualStack' && state.cidrs.size < 2) errs.push(invalid(policyPath, policy, 'this cluster is not configured for dual-stack services'));
	s.ipFamilies.forEach((f, i) => {
		if (!state.cidrs.has(f as IPFamily)) errs.push(invalid(['spec', 'ipFamilies', i], f, 'not configured on this cluster'));
	});
	if (errs.length > 0) return errs;
	if (s.ipFamilies.length === 0) s.ipFamilies = [state.primary];
	if (policy !== 'SingleStack' && s.ipFamilies.length === 1 && state.cidrs.size === 2) s.ipFamilies.push(otherFamily(s.ipFamilies[0]));
	return [];
}

/** Allocators.allocClusterIPs: the requested addresses must be free and in a ServiceCIDR of their family. */
function allocClusterIPs(s: Svc, state: ClusterState): { errors: FieldError[]; held: string[] } {
	const held: string[] = [];
	if (s.type === 'ExternalName' || (s.clusterIPs && s.clusterIPs[0] === 'None')) return { errors: [], held };
	const ips = s.clusterIPs ?? [];
	s.clusterIPs = ips;
	s.ipFamilies.forEach((_, i) => {
		if (i > ips.length - 1) ips.push(''); // a marker: allocate one
	});
	for (let i = 0; i < s.ipFamilies.length; i++) {
		const family = s.ipFamilies[i];
		const requested = ips[i];
		if (requested === '') continue;
		const ip = parseIPSloppy(requested)!;
		const err = allocateIP(state, family, ip);
		// The error names the whole list, marker included (alloc.go allocIPs).
		if (err) return { errors: [invalid(['spec', 'clusterIPs'], goStringSlice(ips), `failed to allocate IP ${requested}: ${err}`)], held };
		held.push(goIPString(ip));
	}
	// Addresses the allocator would pick: any valid one of the family stands in (none is ever printed).
	s.ipFamilies.forEach((family, i) => {
		if (ips[i] === '') {
			const c = state.cidrs.get(family as IPFamily)?.[0];
			ips[i] = c ? goIPString(nthIP(c, 1n)) : family === 'IPv6' ? '::1' : '10.0.0.1';
		}
	});
	s.clusterIP = ips[0];
	return { errors: [], held };
}

const shouldAllocateNodePorts = (s: Svc) => s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts === true);

/** txnAllocNodePorts / initNodePorts and allocHealthCheckNodePort (alloc.go). */
function allocNodePorts(s: Svc, state: ClusterState): { error?: Outcome; taken: Set<number> } {
	const taken = new Set<number>(); // requested ports, held once the Service is created
	const picked = new Set<number>();
	const explicit = new Set(s.ports.map((p) => p.nodePort).filter((p) => p !== 0));
	if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
		const byPort = new Map<number, number>();
		for (let i = 0; i < s.ports.length; i++) {
			const sp = s.ports[i];
			if (sp.nodePort === 0 && !shouldAllocateNodePorts(s)) continue;
			const allocated = byPort.get(sp.port) ?? 0;
			const path = ['spec', 'ports', i, 'nodePort'];
			if (allocated === 0) {
				// findRequestedNodePort: the first entry with this port number that asks for a node port.
				const np = s.ports.find((p) => p.port === sp.port && p.nodePort !== 0)?.nodePort ?? 0;
				if (np !== 0) {
					const err = allocatePort(state, taken, np);
					if (err) return { error: { kind: 'invalid', errors: [invalid(path, np, err)] }, taken };
					sp.nodePort = np;
					byPort.set(sp.port, np);
				} else {
					const next = anyFreePort(state, taken, picked, explicit);
					if (next === undefined) return { error: { kind: 'internal', message: 'failed to allocate a nodePort: range is full', path }, taken };
					sp.nodePort = next;
					byPort.set(sp.port, next);
				}
			} else if (sp.nodePort !== allocated) {
				if (sp.nodePort === 0) sp.nodePort = allocated;
				else {
					const err = allocatePort(state, taken, sp.nodePort);
					if (err) return { error: { kind: 'invalid', errors: [invalid(path, sp.nodePort, err)] }, taken };
				}
			}
		}
	}
	if (needsHealthCheck(s)) {
		const path = ['spec', 'healthCheckNodePort'];
		if (s.healthCheckNodePort !== 0) {
			const err = allocatePort(state, taken, s.healthCheckNodePort);
			if (err) return { error: { kind: 'internal', message: `failed to allocate requested HealthCheck NodePort ${s.healthCheckNodePort}: ${err}`, path }, taken };
		} else {
			const next = anyFreePort(state, taken, picked, explicit);
			if (next === undefined) return { error: { kind: 'internal', message: 'failed to allocate a HealthCheck NodePort 0: range is full', path }, taken };
			s.healthCheckNodePort = next;
		}
	}
	return { taken };
}

// ---------------------------------------------------------------- 4. ValidateService

const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const LB_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** ValidateLabels (apimachinery meta/v1/validation): errors at the map's path, naming the bad key or value. */
function validateLabels(entries: [string, string][], path: string[]): FieldError[] {
	const errs: FieldError[] = [];
	for (const [k, v] of entries) {
		for (const msg of isQualifiedName(k)) errs.push({ ...invalid(path, k, msg), at: [...path, k] });
		for (const msg of isValidLabelValue(v)) errs.push({ ...invalid(path, v, msg), at: [...path, k] });
	}
	return errs;
}

/** NameIsDNS1035Label with prefix: a trailing dash is allowed (maskTrailingDash). */
const maskTrailingDash = (name: string) => (name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name);

/** ValidateObjectMeta (core, then apimachinery's ValidateObjectMetaAccessor) for a Service. */
function validateObjectMeta(s: Svc): FieldError[] {
	const errs: FieldError[] = [];
	if (s.generateName !== '') for (const msg of isDNS1035Label(maskTrailingDash(s.generateName))) errs.push(invalid(['metadata', 'generateName'], s.generateName, msg));
	if (s.name === '') errs.push(required(['metadata', 'name'], 'name or generateName is required'));
	else for (const msg of isDNS1035Label(s.name)) errs.push(invalid(['metadata', 'name'], s.name, msg));
	if (s.namespace === '') errs.push(required(['metadata', 'namespace']));
	else for (const msg of isDNS1123Label(s.namespace)) errs.push(invalid(['metadata', 'namespace'], s.namespace, msg));
	errs.push(...validateLabels(s.labels, ['metadata', 'labels']));
	let size = 0;
	for (const [k, v] of s.annotations) {
		// Annotation keys are qualified names, except that case does not matter.
		for (const msg of isQualifiedName(k.toLowerCase())) errs.push({ ...invalid(['metadata', 'annotations'], k, msg), at: ['metadata', 'annotations', k] });
		size += byteLength(k) + byteLength(v);
	}
	if (size > 256 * 1024) errs.push(tooLong(['metadata', 'annotations'], 256 * 1024));
	s.finalizers.forEach((f, i) => {
		for (const msg of isQualifiedName(f)) errs.push({ ...invalid(['metadata', 'finalizers'], f, msg), at: ['metadata', 'finalizers', i] });
	});
	if (s.finalizers.includes('orphan') && s.finalizers.includes('foregroundDeletion')) {
		errs.push(invalid(['metadata', 'finalizers'], goStringSlice(s.finalizers), 'finalizer orphan and foregroundDeletion cannot be both set'));
	}
	s.finalizers.forEach((f, i) => {
		if (!f.includes('/') && !STANDARD_FINALIZERS.includes(f)) {
			errs.push({ ...invalid(['metadata', 'finalizers'], f, 'name is neither a standard finalizer name nor is it fully qualified'), at: ['metadata', 'finalizers', i] });
		}
	});
	return errs;
}

/** Go's %#v of the core.ServicePort key the duplicate-port check builds (only Protocol and Port set). */
const servicePortKey = (protocol: string, port: number) => ({
	go: `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
});

/** validateServicePort. */
function validateServicePort(sp: Port, requireName: boolean, names: Set<string>, path: ErrorPath): FieldError[] {
	const errs: FieldError[] = [];
	if (requireName && sp.name === '') errs.push(required([...path, 'name']));
	else if (sp.name !== '') {
		for (const msg of isDNS1123Label(sp.name)) errs.push(invalid([...path, 'name'], sp.name, msg));
		if (names.has(sp.name)) errs.push(duplicate([...path, 'name'], sp.name));
		else names.add(sp.name);
	}
	for (const msg of isValidPortNum(sp.port)) errs.push(invalid([...path, 'port'], sp.port, msg));
	if (sp.protocol === '') errs.push(required([...path, 'protocol']));
	else if (!['SCTP', 'TCP', 'UDP'].includes(sp.protocol)) errs.push(notSupported([...path, 'protocol'], sp.protocol, ['SCTP', 'TCP', 'UDP']));
	// ValidatePortNumOrName.
	if (typeof sp.targetPort === 'number') for (const msg of isValidPortNum(sp.targetPort)) errs.push(invalid([...path, 'targetPort'], sp.targetPort, msg));
	else for (const msg of isValidPortName(sp.targetPort)) errs.push(invalid([...path, 'targetPort'], sp.targetPort, msg));
	if (sp.appProtocol !== undefined) for (const msg of isQualifiedName(sp.appProtocol)) errs.push(invalid([...path, 'appProtocol'], sp.appProtocol, msg));
	return errs;
}

/** ValidateService (pkg/apis/core/validation/validation.go), check by check in its order. */
function validateService(s: Svc): FieldError[] {
	const errs = validateObjectMeta(s);
	const annotations = new Map(s.annotations);

	if (annotations.has(TOPOLOGY_MODE) && annotations.has(TOPOLOGY_HINTS) && annotations.get(TOPOLOGY_MODE) !== annotations.get(TOPOLOGY_HINTS)) {
		errs.push(invalid(['metadata', 'annotations', { key: TOPOLOGY_MODE }], annotations.get(TOPOLOGY_MODE)!, `must match annotations[${TOPOLOGY_HINTS}] when both are specified`));
	}

	const headless = isHeadless(s);
	if (s.ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(required(['spec', 'ports']));
	if (s.type === 'LoadBalancer' && headless) errs.push(invalid(['spec', 'clusterIPs', 0], 'None', "may not be set to 'None' for LoadBalancer services"));
	if (s.type === 'NodePort' && headless) errs.push(invalid(['spec', 'clusterIPs', 0], 'None', "may not be set to 'None' for NodePort services"));
	if (s.type === 'ExternalName') {
		if ((s.clusterIPs ?? []).length > 0) errs.push(forbidden(['spec', 'clusterIPs'], 'may not be set for ExternalName services'));
		if (s.ipFamilies.length > 0) errs.push(forbidden(['spec', 'ipFamilies'], 'may not be set for ExternalName services'));
		if (s.ipFamilyPolicy !== undefined) errs.push(forbidden(['spec', 'ipFamilyPolicy'], 'may not be set for ExternalName services'));
		// The value (a CNAME) may end in a dot to say it is fully qualified.
		const cname = s.externalName.endsWith('.') ? s.externalName.slice(0, -1) : s.externalName;
		if (cname.length > 0) for (const msg of isDNS1123Subdomain(cname)) errs.push(invalid(['spec', 'externalName'], cname, msg));
		else errs.push(required(['spec', 'externalName']));
	}

	const names = new Set<string>();
	s.ports.forEach((p, i) => errs.push(...validateServicePort(p, s.ports.length > 1, names, ['spec', 'ports', i])));

	if (s.selector !== undefined) errs.push(...validateLabels(s.selector, ['spec', 'selector']));

	if (s.sessionAffinity === '') errs.push(required(['spec', 'sessionAffinity']));
	else if (!['ClientIP', 'None'].includes(s.sessionAffinity)) errs.push(notSupported(['spec', 'sessionAffinity'], s.sessionAffinity, ['ClientIP', 'None']));
	if (s.sessionAffinity === 'ClientIP') {
		// validateClientIPAffinityConfig; defaulting has filled in whatever was missing.
		const configPath = ['spec', 'sessionAffinityConfig'];
		const timeout = s.affinityConfig?.clientIP?.timeoutSeconds;
		if (!s.affinityConfig) errs.push(required(configPath, 'when session affinity type is ClientIP'));
		else if (!s.affinityConfig.clientIP) errs.push(required([...configPath, 'clientIP'], 'when session affinity type is ClientIP'));
		else if (timeout === undefined) errs.push(required([...configPath, 'clientIP', 'timeoutSeconds'], 'when session affinity type is ClientIP'));
		else if (timeout <= 0 || timeout > 86400) errs.push(invalid([...configPath, 'clientIP', 'timeoutSeconds'], timeout, 'must be greater than 0 and less than 86400'));
	} else if (s.sessionAffinity === 'None' && s.affinityConfig) {
		errs.push(forbidden(['spec', 'sessionAffinityConfig'], 'must not be set when session affinity is None'));
	}

	errs.push(...validateClusterIPsRelated(s));

	s.externalIPs.forEach((text, i) => {
		const path = ['spec', 'externalIPs', i];
		const ip = parseIPSloppy(text);
		if (!ip) errs.push(invalid(path, text, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
		// For historical reasons external IPs get the Endpoints checks (ValidateEndpointIP).
		else for (const msg of specialIPErrors(text, ip)) errs.push(invalid(path, text, msg));
	});

	if (s.type === '') errs.push(required(['spec', 'type']));
	else if (!['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'].includes(s.type)) {
		errs.push(notSupported(['spec', 'type'], s.type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
	}

	if (s.type === 'ClusterIP') {
		s.ports.forEach((p, i) => {
			if (p.nodePort !== 0) errs.push(forbidden(['spec', 'ports', i, 'nodePort'], "may not be used when `type` is 'ClusterIP'"));
		});
	}

	const nodePorts = new Set<string>();
	s.ports.forEach((p, i) => {
		if (p.nodePort === 0) return;
		const key = `${p.protocol}/${p.nodePort}`;
		if (nodePorts.has(key)) errs.push(duplicate(['spec', 'ports', i, 'nodePort'], p.nodePort));
		nodePorts.add(key);
	});
	const portKeys = new Set<string>();
	s.ports.forEach((p, i) => {
		const key = `${p.protocol}/${p.port}`;
		if (portKeys.has(key)) errs.push(duplicate(['spec', 'ports', i], servicePortKey(p.protocol, p.port)));
		portKeys.add(key);
	});

	if (s.loadBalancerSourceRanges.length > 0) {
		// The apiserver writes this path with a capital L.
		const path = ['spec', 'LoadBalancerSourceRanges'];
		if (s.type !== 'LoadBalancer') errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
		s.loadBalancerSourceRanges.forEach((value, i) => {
			// Space padding is tolerated here (a leftover of the annotation); IsValidCIDRForLegacyField, strict off.
			const v = value.trim();
			if (!isCIDRSloppy(v)) errs.push(invalid([...path, i], v, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
		});
	} else if (annotations.has(LB_SOURCE_RANGES)) {
		const path: ErrorPath = ['metadata', 'annotations', { key: LB_SOURCE_RANGES }];
		if (s.type !== 'LoadBalancer') errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
		const val = annotations.get(LB_SOURCE_RANGES)!.trim();
		if (val !== '') {
			for (const part of val.split(',')) {
				const v = part.trim();
				if (!isCIDRSloppy(v)) errs.push(invalid(path, v, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
			}
		}
	}

	if (s.allocateLoadBalancerNodePorts !== undefined && s.type !== 'LoadBalancer') {
		errs.push(forbidden(['spec', 'allocateLoadBalancerNodePorts'], "may only be used when `type` is 'LoadBalancer'"));
	}
	// The apiserver's path for this one lacks `spec.`; defaulting makes it unreachable from a manifest.
	if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts === undefined) errs.push(required(['allocateLoadBalancerNodePorts']));

	if (s.type === 'LoadBalancer') {
		if (s.loadBalancerClass !== undefined) for (const msg of isQualifiedName(s.loadBalancerClass)) errs.push(invalid(['spec', 'loadBalancerClass'], s.loadBalancerClass, msg));
	} else if (s.loadBalancerClass !== undefined) {
		errs.push(forbidden(['spec', 'loadBalancerClass'], "may only be used when `type` is 'LoadBalancer'"));
	}

	// validateServiceExternalTrafficPolicy
	if (!externallyAccessible(s)) {
		if (s.externalTrafficPolicy !== '') errs.push(invalid(['spec', 'externalTrafficPolicy'], s.externalTrafficPolicy, 'may only be set for externally-accessible services'));
	} else if (s.externalTrafficPolicy === '') errs.push(required(['spec', 'externalTrafficPolicy']));
	else if (!['Cluster', 'Local'].includes(s.externalTrafficPolicy)) {
		errs.push(notSupported(['spec', 'externalTrafficPolicy'], s.externalTrafficPolicy, ['Cluster', 'Local']));
	}
	if (!needsHealthCheck(s)) {
		if (s.healthCheckNodePort !== 0) {
			errs.push(invalid(['spec', 'healthCheckNodePort'], s.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
		}
	} else if (s.healthCheckNodePort === 0) errs.push(required(['spec', 'healthCheckNodePort']));
	else for (const msg of isValidPortNum(s.healthCheckNodePort)) errs.push(invalid(['spec', 'healthCheckNodePort'], s.healthCheckNodePort, msg));

	// validateServiceInternalTrafficFieldsValue: not required of ExternalName, for history's sake.
	if (s.internalTrafficPolicy === undefined) {
		if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type)) errs.push(required(['spec', 'internalTrafficPolicy']));
	} else if (!['Cluster', 'Local'].includes(s.internalTrafficPolicy)) {
		errs.push(notSupported(['spec', 'internalTrafficPolicy'], s.internalTrafficPolicy, ['Cluster', 'Local']));
	}

	// validateServiceTrafficDistribution: PreferSameZone and PreferSameNode are GA in 1.35.
	const distributions = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
	if (s.trafficDistribution !== undefined && !distributions.includes(s.trafficDistribution)) {
		errs.push(notSupported(['spec', 'trafficDistribution'], s.trafficDistribution, distributions));
	}
	return errs;
}

// ---------------------------------------------------------------- the whole create

function createService(body: Json, name: string, namespace: string, state: ClusterState): Outcome {
	const s = toSvc(defaultService(body), name, namespace);
	// normalizeClusterIPs (storage.go): an old client's lone clusterIP becomes clusterIPs.
	if (s.clusterIP !== '' && (s.clusterIPs ?? []).length === 0) s.clusterIPs = [s.clusterIP];

	const familyErrors = initIPFamilyFields(s, state);
	if (familyErrors.length > 0) return { kind: 'invalid', errors: familyErrors };
	const ips = allocClusterIPs(s, state);
	if (ips.errors.length > 0) return { kind: 'invalid', errors: ips.errors };
	const ports = allocNodePorts(s, state);
	if (ports.error) return ports.error;
	const errors = validateService(s);
	if (errors.length > 0) return { kind: 'invalid', errors };
	return { kind: 'ok', ips: ips.held, nodePorts: [...ports.taken] };
}

/** Where a printed field path is written in the input (the nearest ancestor when it is not). */
function sourcePath(e: FieldError, body: Json): FieldPath {
	if (e.at) return e.at;
	const path = [...locatablePath(e.path)];
	if (path[0] === 'allocateLoadBalancerNodePorts') return ['spec', 'allocateLoadBalancerNodePorts'];
	if (path[0] === 'spec' && path[1] === 'LoadBalancerSourceRanges') path[1] = 'loadBalancerSourceRanges';
	const spec = isObject(body.spec) ? body.spec : {};
	// Written as the singular clusterIP (normalizeClusterIPs made the list).
	if (path[0] === 'spec' && path[1] === 'clusterIPs' && spec.clusterIPs === undefined && spec.clusterIP !== undefined) return ['spec', 'clusterIP'];
	return path;
}

/**
 * The apiserver's answer to creating each Service of the input, one Diagnostic per error, in the
 * order it reports them. Never throws.
 */
export function validateServices(loaded: Loaded, settings: ClusterSettings): Diagnostic[] {
	const out: Diagnostic[] = [];
	const cidrs = new Map<IPFamily, CIDR[]>();
	for (const text of settings?.serviceCIDRs ?? []) {
		const c = parseCIDR(text);
		if (!c) continue;
		const family: IPFamily = c.family === 4 ? 'IPv4' : 'IPv6';
		cidrs.set(family, [...(cidrs.get(family) ?? []), c]);
	}
	const first = parseCIDR(settings?.serviceCIDRs?.[0] ?? '');
	const state: ClusterState = {
		cidrs,
		primary: first?.family === 6 ? 'IPv6' : 'IPv4',
		ips: new Map(),
		nodePorts: new Set(),
		range: settings?.nodePortRange ?? { min: 30000, max: 32767 },
		created: new Set(),
	};
	const services = (loaded?.objects ?? []).filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');

	// Every cluster has the `kubernetes` Service in `default`, holding the first address of the
	// primary range (single-stack). When the input is a dump that contains it, it is that object.
	const hasKubernetes = services.some((o) => o.name === 'kubernetes' && (o.namespace ?? 'default') === 'default');
	if (!hasKubernetes && first && cidrSize(first) > 2n) state.ips.set(goIPString(nthIP(first, 1n)), 'default/kubernetes');

	for (const object of services) {
		try {
			out.push(...validateOne(object, loaded, state));
		} catch (error) {
			// Not expected; an input that trips the engine is reported, never thrown.
			out.push({ severity: 'error', message: `Service could not be validated: ${(error as Error).message}`, object: `Service/${object.namespace ?? 'default'}/${object.name}` });
		}
	}
	return out;
}

function validateOne(object: LoadedObject, loaded: Loaded, state: ClusterState): Diagnostic[] {
	const namespace = object.namespace ?? 'default';
	const name = object.name;
	const id = `Service/${namespace}/${name}`;
	const file = loaded.fileOf?.(object);
	const at = (path: FieldPath) => {
		const pos = loaded.locate(object, path);
		return { ...(file ? { file } : {}), ...(pos ? { line: pos.line, column: pos.column } : {}) };
	};

	const problem = decode(object.body);
	if (problem) {
		return [
			{
				severity: 'error',
				message: `Error from server (BadRequest): Service in version "v1" cannot be handled as a Service: ${problem.message}`,
				object: id,
				field: formatFieldPath(problem.path),
				...at(locatablePath(problem.path)),
			},
		];
	}
	const body = dropNulls(object.body) as Json;
	const outcome = createService(body, name, namespace, state);

	if (outcome.kind === 'internal') {
		return [
			{
				severity: 'error',
				message: `Error from server (InternalError): Internal error occurred: ${outcome.message}`,
				object: id,
				field: formatFieldPath(outcome.path),
				...at(locatablePath(outcome.path)),
			},
		];
	}
	if (outcome.kind === 'invalid') {
		const seen = new Set<string>();
		const out: Diagnostic[] = [];
		for (const e of outcome.errors) {
			const text = errorText(e);
			// errors.NewInvalid (ToAggregate) and kubectl both drop repeated messages.
			if (seen.has(text)) continue;
			seen.add(text);
			out.push({
				severity: 'error',
				message: `The Service ${goQuote(name)} is invalid: ${text}`,
				object: id,
				field: formatFieldPath(e.path),
				...at(sourcePath(e, body)),
			});
		}
		return out;
	}
	const key = `${namespace}/${name}`;
	if (state.created.has(key)) {
		return [
			{
				severity: 'error',
				message: `Error from server (AlreadyExists): services ${goQuote(name)} already exists`,
				object: id,
				...at(['metadata', 'name']),
			},
		];
	}
	state.created.add(key);
	for (const ip of outcome.ips) state.ips.set(ip, key);
	for (const p of outcome.nodePorts) state.nodePorts.add(p);
	return [];
}
