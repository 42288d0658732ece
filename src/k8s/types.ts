/**
 * The engine's data: what `load` reads, what `buildCluster` makes of it, and what the views
 * return. Plain data only (no classes), so it crosses to the browser and to --json unchanged.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A problem or a note about the input. Errors are values, never exceptions. */
export interface Diagnostic {
	severity: Severity;
	message: string;
	/** 1-based line and column in the input text, when the problem has a place. */
	line?: number;
	column?: number;
	/** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects). */
	object?: string;
	/** Field path as the apiserver writes it: `spec.ports[0].nodePort`. */
	field?: string;
	/** The input file, when several are read as one (the CLI). */
	file?: string;
}

export type FieldPath = readonly (string | number)[];

/** One Kubernetes object from the input, with enough to find its fields in the text. */
export interface LoadedObject {
	kind: string;
	apiVersion: string;
	name: string;
	/** As written; undefined when the object has none (the model fills `default`). */
	namespace?: string;
	/** The object as plain JSON data. */
	body: Record<string, unknown>;
	/** Which YAML document, and where the object sits in it ([] or ['items', i] inside a List). */
	doc: number;
	path: FieldPath;
}

export interface Position {
	line: number;
	column: number;
}

/** Finds where a field of an object is written; undefined when it is not in the text. */
export type Locate = (object: LoadedObject, field: FieldPath) => Position | undefined;

export interface Loaded {
	objects: LoadedObject[];
	diagnostics: Diagnostic[];
	locate: Locate;
	/** The input file an object came from, when several were read as one. */
	fileOf?: (object: LoadedObject) => string | undefined;
}

export interface PortRange {
	min: number;
	max: number;
}

/** Cluster parameters; defaults match a kubeadm cluster. */
export interface ClusterSettings {
	clusterDomain: string;
	/** One CIDR per IP family, primary first (kube-apiserver --service-cluster-ip-range). */
	serviceCIDRs: string[];
	/** Pod network, primary first (kube-controller-manager --cluster-cidr); each node gets a /24 (or /64). */
	podCIDRs: string[];
	nodePortRange: PortRange;
}

export type IPFamily = 'IPv4' | 'IPv6';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface NodeModel {
	name: string;
	/** InternalIP addresses, primary family first. */
	internalIPs: string[];
	externalIPs: string[];
	podCIDRs: string[];
	labels: Record<string, string>;
	ready: boolean;
	zone?: string;
	/** The Node object, when the input had one (otherwise the engine made the node up). */
	source?: LoadedObject;
}

export interface ContainerPort {
	name?: string;
	containerPort: number;
	protocol: Protocol;
	/** Which container declares it. */
	container: string;
}

export interface PodModel {
	namespace: string;
	name: string;
	labels: Record<string, string>;
	nodeName: string;
	podIPs: string[];
	phase: string;
	/** The Ready condition (kubelet: all containers ready and readiness gates passed). */
	ready: boolean;
	/** Has a deletionTimestamp. */
	terminating: boolean;
	hostNetwork: boolean;
	hostname?: string;
	subdomain?: string;
	ports: ContainerPort[];
	/** The workload that made it (Deployment, StatefulSet, DaemonSet, ReplicaSet). */
	owner?: { kind: string; name: string };
	/** The Pod object if given, else the workload object it was made from. */
	source?: LoadedObject;
	/** Where in `source` the pod template is (['spec', 'template']) when made from a workload. */
	templatePath?: FieldPath;
}

export interface ServicePortModel {
	/** '' when unnamed. */
	name: string;
	protocol: Protocol;
	port: number;
	/** As written (defaulted to `port`): a number or a container port name. */
	targetPort: number | string;
	nodePort?: number;
	appProtocol?: string;
	/** Index in spec.ports, for field paths and source positions. */
	index: number;
}

export interface ServiceModel {
	namespace: string;
	name: string;
	type: ServiceType;
	/** Assigned virtual IPs, primary first; [] for headless and ExternalName. */
	clusterIPs: string[];
	/** clusterIP: None. */
	headless: boolean;
	ipFamilies: IPFamily[];
	ipFamilyPolicy: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
	/** undefined: no selector (endpoints are managed by hand). */
	selector?: Record<string, string>;
	ports: ServicePortModel[];
	externalName?: string;
	externalIPs: string[];
	loadBalancerIPs: string[];
	loadBalancerHostnames: string[];
	loadBalancerSourceRanges: string[];
	externalTrafficPolicy: 'Cluster' | 'Local';
	internalTrafficPolicy: 'Cluster' | 'Local';
	sessionAffinity: 'None' | 'ClientIP';
	sessionAffinityTimeoutSeconds: number;
	publishNotReadyAddresses: boolean;
	healthCheckNodePort?: number;
	allocateLoadBalancerNodePorts: boolean;
	source: LoadedObject;
}

export interface EndpointConditions {
	ready: boolean;
	serving: boolean;
	terminating: boolean;
}

export interface EndpointModel {
	addresses: string[];
	conditions: EndpointConditions;
	hostname?: string;
	nodeName?: string;
	zone?: string;
	/** The Pod behind it (namespace is the slice's). */
	targetPod?: string;
}

export interface EndpointSliceModel {
	namespace: string;
	name: string;
	/** The kubernetes.io/service-name label. */
	serviceName: string;
	addressType: 'IPv4' | 'IPv6' | 'FQDN';
	/** Resolved ports: `port` is the number on the endpoints (a named targetPort resolved). */
	ports: { name: string; port: number; protocol: Protocol }[];
	endpoints: EndpointModel[];
	/** Made by the engine from the Service's selector (the EndpointSlice controller's job). */
	generated: boolean;
	source?: LoadedObject;
}

export interface Cluster {
	settings: ClusterSettings;
	namespaces: string[];
	nodes: NodeModel[];
	pods: PodModel[];
	services: ServiceModel[];
	endpointSlices: EndpointSliceModel[];
	/** The KubeProxyConfiguration document, if any (read by the iptables view). */
	proxyConfig?: LoadedObject;
	/** Everything the load and the model had to say, including each value the engine filled in. */
	diagnostics: Diagnostic[];
	locate: Locate;
}
