/**
 * The Chinese search regression suite: each query, and the pages that must be among its top 3
 * results in the built index. Grows with the content: a new note adds a query or two for its
 * core terms (see CONTRIBUTING.md). Paths are page URLs without the base path.
 */
export interface SearchCase {
	query: string;
	top3: string[];
}

export const SEARCH_CASES: SearchCase[] = [
	// Part Ⅰ OpenShift
	{ query: '镜像', top3: ['/openshift/'] },
	{ query: '路由', top3: ['/openshift/'] },
	{ query: '安全上下文约束', top3: ['/openshift/'] },
	{ query: '集群升级', top3: ['/openshift/'] },
	// Part Ⅱ Kubernetes
	// The chapter's notes now answer the specific questions its index used to.
	{ query: 'Service 负载均衡', top3: ['/kubernetes/', '/kubernetes/service-access/'] },
	{ query: '服务发现', top3: ['/kubernetes/'] },
	{ query: '网络策略', top3: ['/kubernetes/'] },
	{ query: '持久化存储', top3: ['/kubernetes/'] },
	{ query: '滚动更新', top3: ['/kubernetes/basics/'] },
	{ query: '容器运行时', top3: ['/kubernetes/internals/'] },
	{ query: '服务网格', top3: ['/kubernetes/'] },
	// The notes of Parts Ⅰ and Ⅱ answer their own terms.
	{ query: 'etcd 备份', top3: ['/kubernetes/cluster-admin/', '/openshift/cluster-admin/'] },
	{ query: 'kubeadm', top3: ['/kubernetes/install/'] },
	{ query: 'ServiceAccount', top3: ['/kubernetes/rbac/'] },
	{ query: 'Helm', top3: ['/kubernetes/helm/'] },
	{ query: 'CrashLoopBackOff', top3: ['/kubernetes/troubleshooting/'] },
	{ query: 'KubeVirt', top3: ['/kubernetes/vm-on-k8s/'] },
	{ query: 'Karmada', top3: ['/kubernetes/multi-cluster/'] },
	{ query: 'Traefik', top3: ['/kubernetes/cni-traefik/'] },
	{ query: 'k9s', top3: ['/kubernetes/tools/'] },
	{ query: '授权', top3: ['/kubernetes/rbac/'] },
	{ query: '多集群', top3: ['/kubernetes/multi-cluster/'] },
	{ query: 'MachineConfig', top3: ['/openshift/cluster-admin/'] },
	{ query: 'htpasswd', top3: ['/openshift/administration/'] },
	{ query: 'OVN-Kubernetes', top3: ['/openshift/network/'] },
	{ query: 'Compliance Operator', top3: ['/openshift/security-audit/'] },
	{ query: 'S2I', top3: ['/openshift/app-deployment/'] },
	{ query: 'install-config.yaml', top3: ['/openshift/install/'] },
	{ query: '持久卷', top3: ['/openshift/storage/', '/kubernetes/basics/'] },
	// Part Ⅲ CI/CD
	{ query: '镜像仓库', top3: ['/openshift/'] },
	{ query: '流水线', top3: ['/cicd/optimization/'] },
	{ query: '灰度发布', top3: ['/cicd/'] },
	{ query: '制品库', top3: ['/cicd/'] },
	{ query: '代码扫描', top3: ['/cicd/'] },
	{ query: '密钥管理', top3: ['/cicd/'] },
	{ query: '配置中心', top3: ['/cicd/'] },
	{ query: 'Jenkinsfile', top3: ['/cicd/jenkins/'] },
	{ query: 'plugins.txt', top3: ['/cicd/jenkins-plugins/'] },
	{ query: 'gitlab-runner', top3: ['/cicd/gitlab/'] },
	{ query: 'OrientDB', top3: ['/cicd/nexus-orientdb/'] },
	{ query: '质量门', top3: ['/cicd/sonarqube/'] },
	{ query: 'ldapsearch', top3: ['/cicd/ldap/'] },
	{ query: '解封', top3: ['/cicd/vault/'] },
	{ query: '机器人账号', top3: ['/cicd/harbor/'] },
	{ query: '工作流调度', top3: ['/cicd/dolphinscheduler/'] },
	{ query: 'code-server', top3: ['/cicd/web-ide/'] },
	{ query: '邮件服务', top3: ['/cicd/nexus-smtp/'] },
	{ query: '内容选择器', top3: ['/cicd/nexus-repositories/'] },
	{ query: 'Apollo', top3: ['/cicd/apollo/'] },
	// Part Ⅴ observability
	{ query: '监控告警', top3: ['/observability/'] },
	{ query: '日志采集', top3: ['/observability/'] },
	{ query: '链路追踪', top3: ['/observability/'] },
	{ query: '告警规则', top3: ['/observability/'] },
	// Part Ⅵ basics
	{ query: '反向代理', top3: ['/basics/'] },
	{ query: '防火墙', top3: ['/basics/', '/security/'] },
	{ query: '证书', top3: ['/basics/'] },
	{ query: '正则表达式', top3: ['/basics/'] },
	{ query: '压力测试', top3: ['/basics/'] },
	{ query: '虚拟机', top3: ['/basics/'] },
	// Part Ⅶ data
	{ query: '主从复制', top3: ['/data/'] },
	{ query: '消息队列', top3: ['/data/'] },
	{ query: '分布式存储', top3: ['/data/'] },
	{ query: '任务调度', top3: ['/data/'] },
	{ query: '缓存', top3: ['/data/'] },
	// Part Ⅷ CODE
	{ query: '虚拟环境', top3: ['/code/'] },
	{ query: '静态资源', top3: ['/code/'] },
	// Part Ⅹ Hackintosh
	{ query: '黑苹果', top3: ['/hackintosh/'] },
	{ query: '引导', top3: ['/hackintosh/'] },
	// Part Ⅺ security
	{ query: '安全加固', top3: ['/security/'] },
	{ query: '审计日志', top3: ['/security/'] },
	{ query: '最小权限', top3: ['/security/'] },
	// Latin terms inside Chinese pages
	{ query: 'OpenShift', top3: ['/openshift/'] },
	{ query: 'Prometheus', top3: ['/observability/'] },
];
