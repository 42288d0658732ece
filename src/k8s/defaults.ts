/**
 * The apiserver's defaults for a Service, as `SetDefaults_Service` applies them before validation
 * (kubernetes/kubernetes pkg/apis/core/v1/defaults.go). Works on plain JSON; returns a copy.
 */
import { type Json, isObject } from './json.ts';

/** JSON null decodes to Go's zero value: for defaulting, the same as leaving the field out. */
const absent = (v: unknown) => v === undefined || v === null || v === '';

/** v1.DefaultClientIPServiceAffinitySeconds */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** pkg/api/v1/service ExternallyAccessible: reachable from outside the cluster. */
export function externallyAccessible(spec: Json): boolean {
	const type = spec.type;
	return (
		type === 'LoadBalancer' ||
		type === 'NodePort' ||
		(type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0)
	);
}

export function defaultService(service: Json): Json {
	// Copy what defaulting writes to (spec and its ports), not the whole object.
	const source = isObject(service.spec) ? service.spec : {};
	const spec: Json = { ...source };
	if (Array.isArray(source.ports)) spec.ports = source.ports.map((p) => (isObject(p) ? { ...p } : p));
	if (isObject(source.sessionAffinityConfig)) spec.sessionAffinityConfig = structuredClone(source.sessionAffinityConfig);
	const copy: Json = { ...service, spec };
	if (absent(spec.sessionAffinity)) spec.sessionAffinity = 'None';
	if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
	if (spec.sessionAffinity === 'ClientIP') {
		const config = spec.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: unknown } } | undefined;
		if (!isObject(config) || !isObject(config.clientIP) || config.clientIP.timeoutSeconds === undefined || config.clientIP.timeoutSeconds === null) {
			spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
		}
	}
	if (absent(spec.type)) spec.type = 'ClusterIP';
	if (Array.isArray(spec.ports)) {
		for (const port of spec.ports) {
			if (!isObject(port)) continue;
			if (absent(port.protocol)) port.protocol = 'TCP';
			if (absent(port.targetPort) || port.targetPort === 0) port.targetPort = port.port;
		}
	}
	if (externallyAccessible(spec) && absent(spec.externalTrafficPolicy)) {
		spec.externalTrafficPolicy = 'Cluster';
	}
	if ((spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type as string)) {
		spec.internalTrafficPolicy = 'Cluster';
	}
	if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
		spec.allocateLoadBalancerNodePorts = true;
	}
	return copy;
}
