/**
 * The apiserver's answer to creating Services, as kubectl prints it.
 *
 * Cases named "TestValidateServiceCreate …" are taken from kubernetes/kubernetes
 * pkg/apis/core/validation/validation_test.go TestValidateServiceCreate (1.35): the same tweak of
 * `makeValidService()` written as a manifest. That test counts errors; the expected lines here are
 * what ValidateService prints for them (validation.go, field/errors.go ErrorBody). Where the unit
 * test skips a step a real create takes (defaulting, the allocators in
 * pkg/registry/core/service/storage/alloc.go), the comment says what changes.
 */
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { load } from '../../../src/k8s/load.ts';
import type { ClusterSettings, Diagnostic } from '../../../src/k8s/types.ts';
import { formatFieldPath, parseFieldPath, validateServices } from '../../../src/k8s/validate.ts';
import { goQuote, isCIDRSloppy, parseIPSloppy } from '../../../src/k8s/validation-helpers.ts';

const SETTINGS: ClusterSettings = {
	serviceCIDRs: ['10.96.0.0/12'],
	nodePortRange: { min: 30000, max: 32767 },
	podCIDRs: ['10.244.0.0/16'],
	clusterDomain: 'cluster.local',
};
const DUAL: ClusterSettings = { ...SETTINGS, serviceCIDRs: ['10.96.0.0/12', 'fd00:10:96::/112'] };

type Manifest = {
	apiVersion: string;
	kind: string;
	metadata: Record<string, unknown> & { labels: Record<string, string>; annotations: Record<string, string> };
	spec: Record<string, unknown> & { ports: Record<string, unknown>[]; selector?: Record<string, string> };
};

/** validation_test.go makeValidService(), as a manifest. */
const makeValidService = (): Manifest => ({
	apiVersion: 'v1',
	kind: 'Service',
	metadata: { name: 'valid', namespace: 'valid', labels: {}, annotations: {} },
	spec: {
		selector: { key: 'val' },
		sessionAffinity: 'None',
		type: 'ClusterIP',
		ports: [{ name: 'p', protocol: 'TCP', port: 8675, targetPort: 8675 }],
		internalTrafficPolicy: 'Cluster',
	},
});

const check = (text: string, settings = SETTINGS): Diagnostic[] => {
	const loaded = load(text);
	expect(loaded.diagnostics).toEqual([]);
	return validateServices(loaded, settings);
};
/** The messages for one tweaked copy of makeValidService. */
const create = (tweak: (s: Manifest) => void, settings = SETTINGS): Diagnostic[] => {
	const s = makeValidService();
	tweak(s);
	return check(stringify(s), settings);
};
const lines = (d: Diagnostic[]) => d.map((x) => x.message);
const fields = (d: Diagnostic[]) => d.map((x) => x.field);
const invalid = (name: string, rest: string) => `The Service "${name}" is invalid: ${rest}`;
const v = (rest: string) => invalid('valid', rest);

const DNS1035 =
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN = String.raw`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const NAME_PART =
	"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const BAD_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const BAD_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const NODE_PORT_RANGE = 'provided port is not in the valid range. The range of valid ports is 30000-32767';
const LB_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

describe('ValidateService: metadata', () => {
	test('TestValidateServiceCreate "valid 1": the valid service passes', () => {
		expect(create(() => {})).toEqual([]);
	});

	test('TestValidateServiceCreate "invalid namespace": a DNS-1123 label', () => {
		const d = create((s) => {
			s.metadata.namespace = '-123';
		});
		expect(lines(d)).toEqual([v(`metadata.namespace: Invalid value: "-123": ${DNS1123_LABEL}`)]);
		expect(d[0].object).toBe('Service/-123/valid');
	});

	test('TestValidateServiceCreate "invalid name": a DNS-1035 label', () => {
		const d = create((s) => {
			s.metadata.name = '-123';
		});
		expect(lines(d)).toEqual([invalid('-123', `metadata.name: Invalid value: "-123": ${DNS1035}`)]);
		expect(fields(d)).toEqual(['metadata.name']);
	});

	test('TestValidateServiceCreate "too long name": 64 characters', () => {
		const long = 'a'.repeat(64);
		expect(lines(create((s) => void (s.metadata.name = long)))).toEqual([invalid(long, `metadata.name: Invalid value: "${long}": must be no more than 63 characters`)]);
	});

	test('TestValidateServiceCreate "invalid generateName"', () => {
		expect(lines(create((s) => void (s.metadata.generateName = '-123')))).toEqual([v(`metadata.generateName: Invalid value: "-123": ${DNS1035}`)]);
	});

	test('TestValidateServiceCreate "invalid label": the key is named, the path is the map', () => {
		const d = create((s) => void (s.metadata.labels['NoUppercaseOrSpecialCharsLike=Equals'] = 'bar'));
		expect(lines(d)).toEqual([v(`metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": ${NAME_PART}`)]);
	});

	test('TestValidateServiceCreate "invalid annotation": checked in lower case, printed as written', () => {
		const d = create((s) => void (s.metadata.annotations['NoSpecialCharsLike=Equals'] = 'bar'));
		expect(lines(d)).toEqual([v(`metadata.annotations: Invalid value: "NoSpecialCharsLike=Equals": ${NAME_PART}`)]);
	});

	test('TestValidateServiceCreate "topology annotations are mismatched"', () => {
		const d = create((s) => {
			s.metadata.annotations['service.kubernetes.io/topology-aware-hints'] = 'original';
			s.metadata.annotations['service.kubernetes.io/topology-mode'] = 'different';
		});
		expect(lines(d)).toEqual([
			v(
				'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "different": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
			),
		]);
	});
});

describe('ValidateService: ports', () => {
	test('TestValidateServiceCreate "missing ports"', () => {
		const d = create((s) => void (s.spec.ports = []));
		expect(lines(d)).toEqual([v('spec.ports: Required value')]);
		expect(fields(d)).toEqual(['spec.ports']);
	});

	test('TestValidateServiceCreate "missing ports but headless"', () => {
		expect(
			create((s) => {
				s.spec.ports = [];
				s.spec.clusterIP = 'None';
			}),
		).toEqual([]);
	});

	test('TestValidateServiceCreate "empty port[1] name": names are required when there are several ports', () => {
		const d = create((s) => void s.spec.ports.push({ name: '', protocol: 'TCP', port: 12345, targetPort: 12345 }));
		expect(lines(d)).toEqual([v('spec.ports[1].name: Required value')]);
	});

	test('TestValidateServiceCreate "invalid port name"', () => {
		expect(lines(create((s) => void (s.spec.ports[0].name = 'INVALID')))).toEqual([v(`spec.ports[0].name: Invalid value: "INVALID": ${DNS1123_LABEL}`)]);
	});

	test('a port name with a dot: IsDNS1123Label says only that', () => {
		expect(lines(create((s) => void (s.spec.ports[0].name = 'port.one')))).toEqual([v('spec.ports[0].name: Invalid value: "port.one": must not contain dots')]);
	});

	test('TestValidateServiceCreate "invalid protocol": the supported values, sorted', () => {
		expect(lines(create((s) => void (s.spec.ports[0].protocol = 'INVALID')))).toEqual([
			v('spec.ports[0].protocol: Unsupported value: "INVALID": supported values: "SCTP", "TCP", "UDP"'),
		]);
	});

	test('TestValidateServiceCreate "missing port": numbers print unquoted', () => {
		const d = create((s) => void (s.spec.ports[0].port = 0));
		expect(lines(d)).toEqual([v('spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive')]);
	});

	test('TestValidateServiceCreate "invalid port"', () => {
		expect(lines(create((s) => void (s.spec.ports[0].port = 65536)))).toEqual([v('spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive')]);
	});

	test('TestValidateServiceCreate "invalid TargetPort int"', () => {
		expect(lines(create((s) => void (s.spec.ports[0].targetPort = 65536)))).toEqual([
			v('spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive'),
		]);
	});

	test('a named targetPort must be an IANA_SVC_NAME (ValidatePortNumOrName)', () => {
		expect(lines(create((s) => void (s.spec.ports[0].targetPort = '8080')))).toEqual([
			v('spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'),
		]);
		expect(lines(create((s) => void (s.spec.ports[0].targetPort = 'Web--Port-Name-Too-Long')))).toEqual([
			v('spec.ports[0].targetPort: Invalid value: "Web--Port-Name-Too-Long": must be no more than 15 characters'),
			v('spec.ports[0].targetPort: Invalid value: "Web--Port-Name-Too-Long": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'),
			v('spec.ports[0].targetPort: Invalid value: "Web--Port-Name-Too-Long": must not contain consecutive hyphens'),
		]);
	});

	test('a port without a number: defaulting copies 0 into targetPort, and both are reported', () => {
		const d = create((s) => void (s.spec.ports = [{ name: 'p' }]));
		expect(lines(d)).toEqual([
			v('spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'),
			v('spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'),
		]);
	});

	test('TestValidateServiceCreate "invalid port headless 1": a different targetPort is tolerated on a headless Service', () => {
		expect(
			create((s) => {
				s.spec.ports[0].port = 11722;
				s.spec.ports[0].targetPort = 11721;
				s.spec.clusterIP = 'None';
			}),
		).toEqual([]);
	});

	test('TestValidateServiceCreate "dup port name"', () => {
		const d = create((s) => {
			s.spec.ports[0].name = 'p';
			s.spec.ports.push({ name: 'p', port: 12345, protocol: 'TCP', targetPort: 12345 });
		});
		expect(lines(d)).toEqual([v('spec.ports[1].name: Duplicate value: "p"')]);
	});

	test('TestValidateServiceCreate "invalid duplicate ports (with same protocol)": the key prints as Go source', () => {
		const d = create((s) => {
			s.spec.ports.push({ name: 'q', port: 12345, protocol: 'TCP', targetPort: 8080 });
			s.spec.ports.push({ name: 'r', port: 12345, protocol: 'TCP', targetPort: 80 });
		});
		expect(lines(d)).toEqual([
			v(
				'spec.ports[2]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:12345, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
			),
		]);
		expect(fields(d)).toEqual(['spec.ports[2]']);
	});

	test('TestValidateServiceCreate "valid duplicate ports (with different protocols)"', () => {
		expect(
			create((s) => {
				s.spec.ports.push({ name: 'q', port: 12345, protocol: 'TCP', targetPort: 8080 });
				s.spec.ports.push({ name: 'r', port: 12345, protocol: 'UDP', targetPort: 80 });
				s.spec.ports.push({ name: 's', port: 12345, protocol: 'SCTP', targetPort: 8088 });
			}),
		).toEqual([]);
	});

	test('TestValidateServiceCreate "invalid cluster service with NodePort"', () => {
		const d = create((s) => void s.spec.ports.push({ name: 'q', port: 12345, protocol: 'TCP', nodePort: 12345, targetPort: 12345 }));
		expect(lines(d)).toEqual([v("spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")]);
	});

	test('TestValidateServiceCreate "invalid appProtocol"', () => {
		const d = create((s) => void (s.spec.ports = [{ port: 12345, targetPort: 12345, protocol: 'TCP', appProtocol: 'example.com/protocol_with{invalid}[characters]' }]));
		expect(lines(d)).toEqual([v(`spec.ports[0].appProtocol: Invalid value: "example.com/protocol_with{invalid}[characters]": ${NAME_PART}`)]);
	});

	test('TestValidateServiceCreate "load balancer with mix protocol" is valid', () => {
		expect(
			create((s) => {
				s.spec.type = 'LoadBalancer';
				s.spec.ports.push({ name: 'q', port: 12345, protocol: 'UDP', targetPort: 12345 });
			}),
		).toEqual([]);
	});
});

describe('ValidateService: selector, affinity, externalIPs, type', () => {
	test('TestValidateServiceCreate "invalid selector"', () => {
		const d = create((s) => void (s.spec.selector!['NoSpecialCharsLike=Equals'] = 'bar'));
		expect(lines(d)).toEqual([v(`spec.selector: Invalid value: "NoSpecialCharsLike=Equals": ${NAME_PART}`)]);
	});

	test('TestValidateServiceCreate "nil selector" is valid', () => {
		expect(create((s) => void delete s.spec.selector)).toEqual([]);
	});

	test('TestValidateServiceCreate "invalid timeoutSeconds field"', () => {
		const d = create((s) => {
			s.spec.sessionAffinity = 'ClientIP';
			s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: -1 } };
		});
		expect(lines(d)).toEqual([v('spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: -1: must be greater than 0 and less than 86400')]);
	});

	test('ClientIP affinity without a config is defaulted (10800 seconds) and valid', () => {
		expect(create((s) => void (s.spec.sessionAffinity = 'ClientIP'))).toEqual([]);
	});

	test('an unknown sessionAffinity', () => {
		expect(lines(create((s) => void (s.spec.sessionAffinity = 'Sticky')))).toEqual([
			v('spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'),
		]);
	});

	test('TestValidateServiceCreate "invalid publicIPs localhost"', () => {
		expect(lines(create((s) => void (s.spec.externalIPs = ['127.0.0.1'])))).toEqual([
			v('spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'),
		]);
	});

	test('TestValidateServiceCreate "invalid publicIPs unspecified"', () => {
		expect(lines(create((s) => void (s.spec.externalIPs = ['0.0.0.0'])))).toEqual([v('spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)')]);
	});

	test('TestValidateServiceCreate "invalid publicIPs host"', () => {
		expect(lines(create((s) => void (s.spec.externalIPs = ['myhost.mydomain'])))).toEqual([v(`spec.externalIPs[0]: Invalid value: "myhost.mydomain": ${BAD_IP}`)]);
	});

	test('TestValidateNonSpecialIP: link-local and IPv6 link-local multicast external IPs', () => {
		expect(lines(create((s) => void (s.spec.externalIPs = ['169.254.169.254', 'ff02::1', '244.1.2.3'])))).toEqual([
			v('spec.externalIPs[0]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)'),
			v('spec.externalIPs[1]: Invalid value: "ff02::1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'),
		]);
	});

	test('an unknown type: sorted supported values', () => {
		expect(lines(create((s) => void (s.spec.type = 'Foo')))).toEqual([
			v('spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'),
		]);
	});
});

describe('ValidateService: ExternalName', () => {
	test('TestValidateServiceCreate "valid ExternalName (trailing dot)"', () => {
		expect(
			create((s) => {
				s.spec.type = 'ExternalName';
				s.spec.externalName = 'foo.bar.example.com.';
			}),
		).toEqual([]);
	});

	test('TestValidateServiceCreate "invalid ExternalName clusterIP (valid IP)": only clusterIPs is named', () => {
		const d = create((s) => {
			s.spec.type = 'ExternalName';
			s.spec.clusterIP = '1.2.3.4';
			s.spec.externalName = 'foo.bar.example.com';
		});
		expect(lines(d)).toEqual([v('spec.clusterIPs: Forbidden: may not be set for ExternalName services')]);
	});

	test('TestValidateServiceCreate "invalid ExternalName (not a DNS name)"', () => {
		const d = create((s) => {
			s.spec.type = 'ExternalName';
			s.spec.externalName = '-123';
		});
		expect(lines(d)).toEqual([v(`spec.externalName: Invalid value: "-123": ${DNS1123_SUBDOMAIN}`)]);
	});

	test('an ExternalName Service needs its name', () => {
		expect(lines(create((s) => void (s.spec.type = 'ExternalName')))).toEqual([v('spec.externalName: Required value')]);
	});
});

describe('ValidateService: load balancers and traffic policies', () => {
	const lb = (s: Manifest) => void (s.spec.type = 'LoadBalancer');

	test('TestValidateServiceCreate "LoadBalancer type cannot have None ClusterIP"', () => {
		const d = create((s) => {
			lb(s);
			s.spec.clusterIP = 'None';
		});
		expect(lines(d)).toEqual([v('spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services')]);
		expect(fields(d)).toEqual(['spec.clusterIPs[0]']);
	});

	test('TestValidateServiceCreate "invalid node port with clusterIP None" (with a node port in range, so the allocator lets it through)', () => {
		const d = create((s) => {
			s.spec.type = 'NodePort';
			s.spec.ports.push({ name: 'q', port: 1, protocol: 'TCP', nodePort: 30001, targetPort: 1 });
			s.spec.clusterIP = 'None';
		});
		expect(lines(d)).toEqual([v('spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services')]);
	});

	test('TestValidateServiceCreate "invalid LoadBalancer source range annotation (hostname)": the path names the annotation key', () => {
		const d = create((s) => {
			lb(s);
			s.metadata.annotations[LB_RANGES] = 'foo.bar';
		});
		expect(lines(d)).toEqual([v(`metadata.annotations[${LB_RANGES}]: Invalid value: "foo.bar": ${BAD_CIDR}`)]);
		expect(fields(d)).toEqual([`metadata.annotations[${LB_RANGES}]`]);
	});

	test('TestValidateServiceCreate "invalid empty-but-set LoadBalancer source range annotation for non LoadBalancer type service"', () => {
		expect(lines(create((s) => void (s.metadata.annotations[LB_RANGES] = '')))).toEqual([
			v(`metadata.annotations[${LB_RANGES}]: Forbidden: may only be used when \`type\` is 'LoadBalancer'`),
		]);
	});

	test('TestValidateServiceCreate "invalid LoadBalancer source range (invalid CIDR)": the path is written with a capital L', () => {
		const d = create((s) => {
			lb(s);
			s.spec.loadBalancerSourceRanges = ['1.2.3.4/33'];
		});
		expect(lines(d)).toEqual([v(`spec.LoadBalancerSourceRanges[0]: Invalid value: "1.2.3.4/33": ${BAD_CIDR}`)]);
	});

	test('TestValidateServiceCreate "invalid empty LoadBalancer source range": the trimmed value is printed', () => {
		const d = create((s) => {
			lb(s);
			s.spec.loadBalancerSourceRanges = ['   '];
		});
		expect(lines(d)).toEqual([v(`spec.LoadBalancerSourceRanges[0]: Invalid value: "": ${BAD_CIDR}`)]);
	});

	test('TestValidateServiceCreate "valid LoadBalancer source range with whitespace"', () => {
		expect(
			create((s) => {
				lb(s);
				s.spec.loadBalancerSourceRanges = ['1.2.3.0/24  ', ' 5.6.0.0/16'];
			}),
		).toEqual([]);
	});

	test('TestValidateServiceCreate "invalid source range for non LoadBalancer type service"', () => {
		expect(lines(create((s) => void (s.spec.loadBalancerSourceRanges = ['1.2.3.0/24', '5.6.0.0/16'])))).toEqual([
			v("spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"),
		]);
	});

	test('TestValidateServiceCreate "Use AllocateLoadBalancerNodePorts when type is not LoadBalancer"', () => {
		expect(lines(create((s) => void (s.spec.allocateLoadBalancerNodePorts = true)))).toEqual([
			v("spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"),
		]);
	});

	test('TestValidateServiceCreate "invalid LoadBalancerClass"', () => {
		const d = create((s) => {
			lb(s);
			s.spec.loadBalancerClass = 'Bad/LoadBalancerClass';
		});
		expect(lines(d)).toEqual([v(`spec.loadBalancerClass: Invalid value: "Bad/LoadBalancerClass": prefix part ${DNS1123_SUBDOMAIN}`)]);
	});

	test('TestValidateServiceCreate "invalid: set LoadBalancerClass when type is not LoadBalancer"', () => {
		expect(lines(create((s) => void (s.spec.loadBalancerClass = 'test.com/test-load-balancer-class')))).toEqual([
			v("spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"),
		]);
	});

	test('TestValidateServiceCreate "invalid externalTraffic field"', () => {
		const d = create((s) => {
			lb(s);
			s.spec.externalTrafficPolicy = 'invalid';
		});
		expect(lines(d)).toEqual([v('spec.externalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"')]);
	});

	test('TestValidateServiceCreate "invalid internalTraffic field"', () => {
		expect(lines(create((s) => void (s.spec.internalTrafficPolicy = 'invalid')))).toEqual([
			v('spec.internalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"'),
		]);
	});

	test('TestValidateServiceExternalTrafficPolicy "cannot set externalTrafficPolicy or healthCheckNodePort fields on clusterIP service"', () => {
		const d = create((s) => {
			s.spec.externalTrafficPolicy = 'Local';
			s.spec.healthCheckNodePort = 34567;
		});
		expect(lines(d)).toEqual([
			v('spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'),
			v("spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
		]);
	});

	test('TestValidateServiceCreate "invalid: trafficDistribution field set to Random" (PreferSameZone and PreferSameNode are GA in 1.35)', () => {
		expect(lines(create((s) => void (s.spec.trafficDistribution = 'Random')))).toEqual([
			v('spec.trafficDistribution: Unsupported value: "Random": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"'),
		]);
		expect(create((s) => void (s.spec.trafficDistribution = 'PreferSameNode'))).toEqual([]);
	});
});

describe('ValidateServiceClusterIPsRelatedFields (run first by the allocator, so these come alone)', () => {
	test('TestValidateServiceCreate "invalid cluster ip": written as clusterIP, reported as clusterIPs[0], located at clusterIP', () => {
		const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: invalid\n  ports:\n  - port: 80\n';
		const d = check(text);
		expect(d).toEqual([
			{
				severity: 'error',
				message: invalid('web', `spec.clusterIPs[0]: Invalid value: "invalid": ${BAD_IP}`),
				object: 'Service/default/web',
				field: 'spec.clusterIPs[0]',
				line: 6,
				column: 14,
			},
		]);
	});

	test('TestValidateServiceCreate "invalid, garbage ips": one error per address', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'RequireDualStack';
			s.spec.clusterIP = 'garbage-ip';
			s.spec.clusterIPs = ['garbage-ip', 'garbage-second-ip'];
		});
		expect(lines(d)).toEqual([v(`spec.clusterIPs[0]: Invalid value: "garbage-ip": ${BAD_IP}`), v(`spec.clusterIPs[1]: Invalid value: "garbage-second-ip": ${BAD_IP}`)]);
	});

	test('TestValidateServiceCreate "invalid, NONE + IP": a list prints as Go source', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'RequireDualStack';
			s.spec.clusterIP = 'None';
			s.spec.clusterIPs = ['None', '2001::1'];
		});
		expect(lines(d)).toEqual([v(`spec.clusterIPs: Invalid value: []string{"None", "2001::1"}: 'None' must be the first and only value`)]);
	});

	test('TestValidateServiceCreate "invalid, EMPTY STRING + IP"', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'RequireDualStack';
			s.spec.clusterIPs = ['', '2001::1'];
		});
		expect(lines(d)).toEqual([
			v('spec.clusterIPs: Invalid value: []string{"", "2001::1"}: must be empty when `clusterIP` is not specified'),
			v(`spec.clusterIPs[0]: Invalid value: "": ${BAD_IP}`),
		]);
	});

	test('TestValidateServiceCreate "invalid, same ip family (v4)"', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'RequireDualStack';
			s.spec.clusterIP = '10.0.0.1';
			s.spec.clusterIPs = ['10.0.0.1', '10.0.0.10'];
			s.spec.ipFamilies = ['IPv4', 'IPv6'];
		});
		expect(lines(d)).toEqual([
			v('spec.clusterIPs: Invalid value: []string{"10.0.0.1", "10.0.0.10"}: may specify no more than one IP for each IP family'),
			v('spec.clusterIPs[1]: Invalid value: "10.0.0.10": expected an IPv6 value as indicated by `ipFamilies[1]`'),
		]);
	});

	test('TestValidateServiceCreate "invalid, more than two ips"', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'RequireDualStack';
			s.spec.clusterIP = '10.0.0.1';
			s.spec.clusterIPs = ['10.0.0.1', '2001::1', '10.0.0.10'];
			s.spec.ipFamilies = ['IPv4', 'IPv6'];
		});
		expect(lines(d)).toEqual([v('spec.clusterIPs: Invalid value: []string{"10.0.0.1", "2001::1", "10.0.0.10"}: may only hold up to 2 values')]);
	});

	test('TestValidateServiceCreate "invalid, families don\'t match (v4=>v6)"', () => {
		const d = create((s) => {
			s.spec.clusterIP = '10.0.0.1';
			s.spec.ipFamilies = ['IPv6'];
		});
		expect(lines(d)).toEqual([v('spec.clusterIPs[0]: Invalid value: "10.0.0.1": expected an IPv6 value as indicated by `ipFamilies[0]`')]);
	});

	test('TestValidateServiceCreate "invalid cluster ip != clusterIP in single ip service"', () => {
		const d = create((s) => {
			s.spec.clusterIP = '10.0.0.10';
			s.spec.clusterIPs = ['10.0.0.1'];
		});
		expect(lines(d)).toEqual([v('spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: first value must match `clusterIP`')]);
	});

	test('TestValidateServiceCreate "invalid, service with invalid ipFamilies"', () => {
		expect(lines(create((s) => void (s.spec.ipFamilies = ['not-a-valid-ip-family'])))).toEqual([
			v('spec.ipFamilies[0]: Unsupported value: "not-a-valid-ip-family": supported values: "IPv4", "IPv6"'),
		]);
	});

	test('TestValidateServiceCreate "invalid, service with same ip families"', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'RequireDualStack';
			s.spec.ipFamilies = ['IPv6', 'IPv6'];
		});
		expect(lines(d)).toEqual([v('spec.ipFamilies[1]: Duplicate value: "IPv6"')]);
	});

	test('an unknown ipFamilyPolicy', () => {
		expect(lines(create((s) => void (s.spec.ipFamilyPolicy = 'DualStack')))).toEqual([
			v('spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"'),
		]);
	});

	test('leading zeros are still accepted (StrictIPCIDRValidation is off by default)', () => {
		expect(create((s) => void (s.spec.clusterIP = '10.096.0.050'))).toEqual([]);
	});
});

describe('initIPFamilyFields: families the cluster can serve (alloc.go)', () => {
	test('TestValidateServiceCreate "valid, dual stack" fails on a single-stack cluster', () => {
		expect(lines(create((s) => void (s.spec.ipFamilyPolicy = 'RequireDualStack')))).toEqual([
			v('spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services'),
		]);
		expect(create((s) => void (s.spec.ipFamilyPolicy = 'RequireDualStack'), DUAL)).toEqual([]);
	});

	test('TestValidateServiceCreate "valid, single family" (IPv6) fails on an IPv4-only cluster', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'SingleStack';
			s.spec.ipFamilies = ['IPv6'];
		});
		expect(lines(d)).toEqual([v('spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster')]);
	});

	test('an IPv6 clusterIP on an IPv4-only cluster', () => {
		expect(lines(create((s) => void (s.spec.clusterIP = 'fd00::1')))).toEqual([v('spec.clusterIPs[0]: Invalid value: []string{"fd00::1"}: IPv6 is not configured on this cluster')]);
	});

	test('TestValidateServiceCreate " multi ip, dualstack not set (request for downgrade)": validation lets it pass, the allocator does not', () => {
		const d = create(
			(s) => {
				s.spec.ipFamilyPolicy = 'SingleStack';
				s.spec.clusterIP = '10.96.0.20';
				s.spec.clusterIPs = ['10.96.0.20', 'fd00:10:96::20'];
				s.spec.ipFamilies = ['IPv4', 'IPv6'];
			},
			DUAL,
		);
		expect(lines(d)).toEqual([
			v(`spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified`),
			v(`spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified`),
		]);
	});

	test('TestValidateServiceCreate "valid, multi ips (4,6)" with addresses in the service CIDRs', () => {
		expect(
			create((s) => {
				s.spec.ipFamilyPolicy = 'RequireDualStack';
				s.spec.clusterIP = '10.96.0.20';
				s.spec.clusterIPs = ['10.96.0.20', 'fd00:10:96::20'];
			}, DUAL),
		).toEqual([]);
	});
});

describe('the allocators: ClusterIPs (ipallocator MetaAllocator)', () => {
	test('TestValidateServiceCreate "valid, single ip" (10.0.0.1) is outside 10.96.0.0/12', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'SingleStack';
			s.spec.clusterIP = '10.0.0.1';
		});
		expect(lines(d)).toEqual([v('spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided network does not match the current range')]);
		expect(fields(d)).toEqual(['spec.clusterIPs']);
	});

	test('the network and broadcast addresses belong to no ServiceCIDR (servicecidr.PrefixContainsIP)', () => {
		for (const ip of ['10.96.0.0', '10.111.255.255']) {
			expect(lines(create((s) => void (s.spec.clusterIP = ip)))).toEqual([
				v(`spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: the provided network does not match the current range`),
			]);
		}
		expect(create((s) => void (s.spec.clusterIP = '10.111.255.254'))).toEqual([]);
	});

	test('PreferDualStack on a dual-stack cluster: the message lists the marker for the address still to allocate', () => {
		const d = create((s) => {
			s.spec.ipFamilyPolicy = 'PreferDualStack';
			s.spec.clusterIP = '10.0.0.1';
		}, DUAL);
		expect(lines(d)).toEqual([v('spec.clusterIPs: Invalid value: []string{"10.0.0.1", ""}: failed to allocate IP 10.0.0.1: the provided network does not match the current range')]);
	});

	const two = (a: string, b: string, nsB = 'default') => `
apiVersion: v1
kind: Service
metadata: {name: a}
spec: {clusterIP: "${a}", ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: ${nsB}}
spec: {clusterIP: "${b}", ports: [{port: 80}]}
`;

	test('an address another Service of the input already holds', () => {
		const d = check(two('10.96.0.50', '10.96.0.50'));
		expect(d).toEqual([
			{
				severity: 'error',
				message: invalid('b', 'spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated'),
				object: 'Service/default/b',
				field: 'spec.clusterIPs',
				line: 10,
				column: 19,
			},
		]);
	});

	test('the same address written differently is the same IPAddress', () => {
		expect(lines(check(two('10.96.0.50', '010.096.000.050')))).toEqual([
			invalid('b', 'spec.clusterIPs: Invalid value: []string{"010.096.000.050"}: failed to allocate IP 010.096.000.050: provided IP is already allocated'),
		]);
	});

	test('the `kubernetes` Service holds the first address, unless the input is that Service', () => {
		expect(lines(create((s) => void (s.spec.clusterIP = '10.96.0.1')))).toEqual([
			v('spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated'),
		]);
		const dump = `
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default}
spec: {clusterIP: 10.96.0.1, ports: [{name: https, port: 443, targetPort: 6443}]}
`;
		expect(check(dump)).toEqual([]);
	});

	test('a Service that fails keeps nothing: the next one may take its address', () => {
		const text = `
apiVersion: v1
kind: Service
metadata: {name: Bad}
spec: {clusterIP: 10.96.0.50, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: good}
spec: {clusterIP: 10.96.0.50, ports: [{port: 80}]}
`;
		expect(lines(check(text))).toEqual([invalid('Bad', `metadata.name: Invalid value: "Bad": ${DNS1035}`)]);
	});
});

describe('the allocators: node ports (portallocator)', () => {
	test('a node port outside --service-node-port-range, with its place in the input', () => {
		const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    nodePort: 80
`;
		expect(check(text)).toEqual([
			{
				severity: 'error',
				message: `The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: ${NODE_PORT_RANGE}`,
				object: 'Service/default/web',
				field: 'spec.ports[0].nodePort',
				line: 10,
				column: 15,
			},
		]);
	});

	test('the range comes from the settings', () => {
		const d = create(
			(s) => {
				s.spec.type = 'NodePort';
				s.spec.ports[0].nodePort = 30000;
			},
			{ ...SETTINGS, nodePortRange: { min: 20000, max: 22767 } },
		);
		expect(lines(d)).toEqual([v('spec.ports[0].nodePort: Invalid value: 30000: provided port is not in the valid range. The range of valid ports is 20000-22767')]);
	});

	test('the allocator runs before ValidateService: its error comes alone', () => {
		const d = create((s) => {
			s.metadata.name = 'Invalid_Name';
			s.spec.type = 'NodePort';
			s.spec.ports[0].nodePort = 80;
		});
		expect(lines(d)).toEqual([invalid('Invalid_Name', `spec.ports[0].nodePort: Invalid value: 80: ${NODE_PORT_RANGE}`)]);
	});

	test('a node port another Service of the input holds', () => {
		const text = `
apiVersion: v1
kind: Service
metadata: {name: a}
spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: other}
spec: {type: LoadBalancer, ports: [{port: 443, nodePort: 30080}]}
`;
		const d = check(text);
		expect(lines(d)).toEqual([invalid('b', 'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated')]);
		expect(d[0].object).toBe('Service/other/b');
	});

	test('TestValidateServiceCreate "duplicate nodeports (different protocols)": one node port for two port numbers is taken twice', () => {
		// ValidateService alone allows it (keys are protocol+nodePort); initNodePorts shares a node
		// port only between entries with the same port number, so the second Allocate fails.
		const d = create((s) => {
			s.spec.type = 'NodePort';
			s.spec.ports.push({ name: 'q', port: 1, protocol: 'TCP', nodePort: 30001, targetPort: 1 });
			s.spec.ports.push({ name: 'r', port: 2, protocol: 'UDP', nodePort: 30001, targetPort: 2 });
		});
		expect(lines(d)).toEqual([v('spec.ports[2].nodePort: Invalid value: 30001: provided port is already allocated')]);
	});

	test('one node port for TCP and UDP of the same port number is shared', () => {
		expect(
			create((s) => {
				s.spec.type = 'NodePort';
				s.spec.ports = [
					{ name: 'dns-tcp', port: 53, protocol: 'TCP', nodePort: 30053 },
					{ name: 'dns-udp', port: 53, protocol: 'UDP', nodePort: 30053 },
				];
			}),
		).toEqual([]);
	});

	test('TestValidateServiceCreate "duplicate nodeports": reaches ValidateService only for the same port number', () => {
		const d = create((s) => {
			s.spec.type = 'NodePort';
			s.spec.ports = [
				{ name: 'a', port: 80, protocol: 'TCP', nodePort: 30080 },
				{ name: 'b', port: 80, protocol: 'TCP', nodePort: 30080 },
			];
		});
		expect(lines(d)).toEqual([
			v('spec.ports[1].nodePort: Duplicate value: 30080'),
			v(
				'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
			),
		]);
	});

	test('TestValidateServiceCreate "negative healthCheckNodePort field": the allocator answers with an internal error', () => {
		const d = create((s) => {
			s.spec.type = 'LoadBalancer';
			s.spec.externalTrafficPolicy = 'Local';
			s.spec.healthCheckNodePort = -1;
		});
		expect(lines(d)).toEqual([`Error from server (InternalError): Internal error occurred: failed to allocate requested HealthCheck NodePort -1: ${NODE_PORT_RANGE}`]);
		expect(fields(d)).toEqual(['spec.healthCheckNodePort']);
	});

	test('a LoadBalancer with allocateLoadBalancerNodePorts false allocates only the node ports it asks for', () => {
		expect(
			create((s) => {
				s.spec.type = 'LoadBalancer';
				s.spec.allocateLoadBalancerNodePorts = false;
				s.spec.ports.push({ name: 'q', port: 81, nodePort: 30081 });
			}),
		).toEqual([]);
	});
});

describe('storage and decoding', () => {
	test('the same namespace and name twice: AlreadyExists; another namespace is another Service', () => {
		const text = `
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: 8080}]}
`;
		expect(check(text)).toEqual([
			{ severity: 'error', message: 'Error from server (AlreadyExists): services "web" already exists', object: 'Service/default/web', line: 14, column: 18 },
		]);
	});

	test('a field of the wrong type is a BadRequest from the JSON decoder, before anything else', () => {
		const d = create((s) => {
			s.metadata.name = 'Bad_Name';
			s.spec.ports[0].port = '80';
		});
		expect(lines(d)).toEqual([
			'Error from server (BadRequest): Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
		]);
		expect(fields(d)).toEqual(['spec.ports[0].port']);
		expect(lines(create((s) => void (s.spec.ports[0].targetPort = 1.5)))).toEqual([
			'Error from server (BadRequest): Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32',
		]);
	});

	test('unknown fields fail strict field validation (kubectl --validate=strict, the default)', () => {
		const d = create((s) => {
			s.spec.ports[0].targetport = 8080;
			s.spec.clusterIp = '10.96.0.5';
		});
		expect(lines(d)).toEqual([
			'Error from server (BadRequest): Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].targetport", unknown field "spec.clusterIp"',
		]);
	});

	test('null is the zero value, as if the field were left out', () => {
		expect(
			create((s) => {
				s.spec.sessionAffinity = null;
				s.spec.ports[0].targetPort = null;
				s.spec.internalTrafficPolicy = null;
			}),
		).toEqual([]);
	});

	test('garbage never throws', () => {
		const texts = [
			'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: 5\n',
			'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [null, 7, {port: 99999999999}], clusterIPs: {}}\n',
			'apiVersion: v1\nkind: Service\nmetadata: {name: x, labels: {a: [1]}}\n',
			'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 30000}, {port: 81, nodePort: 30000}], clusterIPs: ["::ffff:10.96.0.9", "10.96.0.9"]}\n',
		];
		for (const text of texts) {
			const d = validateServices(load(text), SETTINGS);
			expect(d.length).toBeGreaterThan(0);
			for (const x of d) expect(x.severity).toBe('error');
		}
		const noCIDR = { ...SETTINGS, serviceCIDRs: [] };
		expect(() => validateServices(load('apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 80}]}\n'), noCIDR)).not.toThrow();
		expect(validateServices(undefined as never, undefined as never)).toEqual([]);
	});
});

describe('helpers', () => {
	test('goQuote is strconv.Quote', () => {
		expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
		expect(goQuote('tab\there\u0007\u007f')).toBe('"tab\\there\\a\\x7f"');
		expect(goQuote('名字')).toBe('"名字"');
		expect(goQuote('\u200b')).toBe('"\\u200b"');
	});

	test('ParseIPSloppy: leading zeros accepted, IPv4-mapped counts as IPv4, no zones', () => {
		expect(parseIPSloppy('010.001.002.003')).toEqual({ family: 4, value: 0x0a010203n });
		expect(parseIPSloppy('::ffff:1.2.3.4')).toEqual({ family: 4, value: 0x01020304n });
		expect(parseIPSloppy('2001:db8::1')?.family).toBe(6);
		expect(parseIPSloppy('fe80::1%eth0')).toBeUndefined();
		expect(parseIPSloppy('256.1.1.1')).toBeUndefined();
		expect(parseIPSloppy('1:2:3:4:5:6:7:8:9')).toBeUndefined();
		expect(isCIDRSloppy('10.0.0.1/24')).toBe(true); // host bits allowed while strict validation is off
		expect(isCIDRSloppy('1.2.3.4/33')).toBe(false);
		expect(isCIDRSloppy('::/0')).toBe(true);
	});

	test('field paths print and parse as the apiserver writes them', () => {
		expect(formatFieldPath(['spec', 'ports', 0, 'nodePort'])).toBe('spec.ports[0].nodePort');
		expect(formatFieldPath(['metadata', 'annotations', { key: 'a.b/c' }])).toBe('metadata.annotations[a.b/c]');
		expect(parseFieldPath('spec.ports[0].nodePort')).toEqual(['spec', 'ports', 0, 'nodePort']);
		expect(parseFieldPath('metadata.annotations[a.b/c]')).toEqual(['metadata', 'annotations', 'a.b/c']);
	});
});
