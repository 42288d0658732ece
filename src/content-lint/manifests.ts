/**
 * Kubernetes manifests in a note must be valid for the current API (content plan): every YAML
 * fence holding an object with apiVersion and kind is read and validated by the svcnet engine.
 */
import { load, resolveSettings, validateServices } from '../k8s/index.ts';
import type { Problem } from './checks.ts';
import { findFences } from './markdown.ts';

const { settings } = resolveSettings();

export function checkManifests(source: string): Problem[] {
	return findFences(source)
		.filter((f) => (f.lang === 'yaml' || f.lang === 'yml') && /^\s*apiVersion:/m.test(f.body) && /^\s*kind:/m.test(f.body))
		.flatMap((fence) => {
			const loaded = load(fence.body);
			const errors = [...loaded.diagnostics.filter((d) => d.severity === 'error'), ...validateServices(loaded, settings)];
			// A fence's body starts on the line after the opening fence.
			return errors.map((d) => ({ line: fence.line + (d.line ?? 1), message: `Kubernetes 清单无效：${d.message}` }));
		});
}
