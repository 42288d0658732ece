/** Cluster parameters: kubeadm's defaults, overridable by options. */
import { parseCIDR } from './ip.ts';
import type { ClusterSettings, Diagnostic } from './types.ts';

export const DEFAULT_SETTINGS: ClusterSettings = {
	clusterDomain: 'cluster.local',
	serviceCIDRs: ['10.96.0.0/12'],
	podCIDRs: ['10.244.0.0/16'],
	nodePortRange: { min: 30000, max: 32767 },
};

export type SettingsInput = Partial<{
	clusterDomain: string;
	serviceCIDRs: string[] | string;
	podCIDRs: string[] | string;
	nodePortRange: string | { min: number; max: number };
}>;

const list = (v: string[] | string) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);

/** Settings from options (`--service-cidr 10.96.0.0/12,fd00::/108`, `--node-port-range 30000-32767`), or what is wrong with them. */
export function resolveSettings(input: SettingsInput = {}): { settings: ClusterSettings; diagnostics: Diagnostic[] } {
	const diagnostics: Diagnostic[] = [];
	const settings: ClusterSettings = structuredClone(DEFAULT_SETTINGS);
	if (input.clusterDomain !== undefined) {
		const domain = input.clusterDomain.replace(/\.$/, '');
		if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(domain)) settings.clusterDomain = domain;
		else diagnostics.push({ severity: 'error', message: `cluster domain "${input.clusterDomain}" is not a valid DNS name` });
	}
	for (const key of ['serviceCIDRs', 'podCIDRs'] as const) {
		const value = input[key];
		if (value === undefined) continue;
		const cidrs = list(value);
		const parsed = cidrs.map(parseCIDR);
		const bad = cidrs.filter((_, i) => !parsed[i]);
		if (bad.length > 0 || cidrs.length === 0 || cidrs.length > 2 || (parsed.length === 2 && parsed[0]!.family === parsed[1]!.family)) {
			diagnostics.push({
				severity: 'error',
				message: `${key === 'serviceCIDRs' ? 'service' : 'pod'} CIDR "${cidrs.join(',')}" must be one CIDR, or two of different IP families (e.g. 10.96.0.0/12,fd00:10:96::/108)`,
			});
		} else settings[key] = cidrs;
	}
	if (input.nodePortRange !== undefined) {
		const r = input.nodePortRange;
		const m = typeof r === 'string' ? /^(\d+)-(\d+)$/.exec(r.trim()) : null;
		const range = typeof r === 'string' ? (m ? { min: Number(m[1]), max: Number(m[2]) } : undefined) : r;
		if (range && range.min >= 1 && range.max <= 65535 && range.min <= range.max) settings.nodePortRange = range;
		else diagnostics.push({ severity: 'error', message: `node port range "${typeof r === 'string' ? r : `${r.min}-${r.max}`}" must be MIN-MAX within 1-65535` });
	}
	return { settings, diagnostics };
}
