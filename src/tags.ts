/**
 * The fixed list of tags a note may carry. A tag outside this list fails the content schema,
 * so tags stay consistent across contributors. To add one, add it here with both labels.
 */
export const TAGS = {
	openshift: { zh: 'OpenShift', en: 'OpenShift' },
	kubernetes: { zh: 'Kubernetes', en: 'Kubernetes' },
	networking: { zh: '网络', en: 'Networking' },
	dns: { zh: 'DNS', en: 'DNS' },
	storage: { zh: '存储', en: 'Storage' },
	security: { zh: '安全', en: 'Security' },
	'access-control': { zh: '认证与授权', en: 'Access control' },
	installation: { zh: '安装部署', en: 'Installation' },
	operations: { zh: '日常运维', en: 'Operations' },
	troubleshooting: { zh: '排错', en: 'Troubleshooting' },
	containers: { zh: '容器', en: 'Containers' },
	cicd: { zh: 'CI/CD', en: 'CI/CD' },
	registry: { zh: '制品与镜像仓库', en: 'Artifact registries' },
	'config-management': { zh: '配置管理', en: 'Configuration management' },
	observability: { zh: '可观测性', en: 'Observability' },
	logging: { zh: '日志', en: 'Logging' },
	monitoring: { zh: '监控告警', en: 'Monitoring and alerting' },
	tracing: { zh: '链路追踪', en: 'Tracing' },
	linux: { zh: 'Linux', en: 'Linux' },
	database: { zh: '数据库', en: 'Databases' },
	data: { zh: '数据处理', en: 'Data processing' },
	programming: { zh: '编程', en: 'Programming' },
	scripting: { zh: '脚本', en: 'Scripting' },
	tools: { zh: '工具', en: 'Tools' },
	virtualization: { zh: '虚拟化', en: 'Virtualization' },
	cloud: { zh: '云服务', en: 'Cloud services' },
	hardware: { zh: '硬件', en: 'Hardware' },
	macos: { zh: 'macOS', en: 'macOS' },
	windows: { zh: 'Windows', en: 'Windows' },
	messaging: { zh: '消息与通知', en: 'Messaging and notifications' },
	web: { zh: 'Web 与代理', en: 'Web and proxies' },
	certificates: { zh: '证书与 TLS', en: 'Certificates and TLS' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type TagId = keyof typeof TAGS;
export const TAG_IDS = Object.keys(TAGS) as [TagId, ...TagId[]];
