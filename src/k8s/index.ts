/**
 * svcnet's public API: text → objects → cluster model → views. Pure: no DOM, no Node APIs;
 * the same code runs in the CLI and in the page's widgets.
 */
export { load, loadAll, KNOWN_KINDS, MAX_INPUT_BYTES, type NamedInput } from './load.ts';
export { buildCluster } from './model.ts';
export { DEFAULT_SETTINGS, resolveSettings, type SettingsInput } from './settings.ts';
export { ports, type Access, type AccessKind, type PortEndpoint, type PortView, type ServiceView } from './ports.ts';
export * from './types.ts';
export { validateServices, formatFieldPath, parseFieldPath } from './validate.ts';
export * from './dns.ts';
export * from './resolve.ts';
export * from './iptables.ts';
export * from './nftables.ts';
export * from './trace.ts';
export * from './trace-nft.ts';
