/** The example checkers catch the mistakes they exist for (and pass what is right). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkExample, checkRegexCases, exampleKind, hasTool, parseRegexCases, type ExampleKind } from '../../src/content-lint/examples.ts';

const dir = mkdtempSync(join(tmpdir(), 'example-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(name: string, text: string, out?: string): string[] {
	const path = join(dir, name);
	writeFileSync(path, text);
	if (out !== undefined) writeFileSync(`${path}.out`, out);
	return checkExample(path, exampleKind(name) as ExampleKind);
}

test('the kind comes from the file name', () => {
	expect(exampleKind('content/basics/examples/backup.run.sh')).toBe('script');
	expect(exampleKind('trap.sh')).toBe('shell');
	expect(exampleKind('host-firewall.rules')).toBe('iptables');
	expect(exampleKind('reverse-proxy.nginx.conf')).toBe('nginx-http');
	expect(exampleKind('mysql-lb.stream.conf')).toBe('nginx-stream');
	expect(exampleKind('ipv4.regex.yaml')).toBe('regex');
	expect(exampleKind('service.yaml')).toBeUndefined();
});

describe('shell', () => {
	test('a syntax error is reported with bash’s message', () => {
		const problems = check('bad.sh', 'if true; then\n  echo hi\n');
		expect(problems.join('\n')).toMatch(/bash -n exited with 2[\s\S]*unexpected end of file/);
	});
	test('a runnable script must exit 0 and print its .out', () => {
		expect(check('ok.run.sh', 'set -eu\necho "$((6 * 7))"\n', '42\n')).toEqual([]);
		expect(check('wrong.run.sh', 'echo 41\n', '42\n').join('\n')).toMatch(/stdout differs/);
		expect(check('fails.run.sh', 'false\n').join('\n')).toMatch(/bash exited with 1/);
	});
	test('a runnable script runs in an empty directory of its own', () => {
		expect(check('pwd.run.sh', 'test -z "$(ls -A)" && touch made && test "$HOME" = "$PWD"\n')).toEqual([]);
	});
});

test.skipIf(!hasTool('python3'))('python: exit status and output', () => {
	expect(check('ok.py', 'print(sum(range(4)))\n', '6\n')).toEqual([]);
	expect(check('raise.py', 'raise SystemExit(3)\n').join('\n')).toMatch(/python3 exited with 3/);
});

test.skipIf(!hasTool('iptables-restore') || !hasTool('unshare'))('iptables: iptables-restore --test rejects an unknown option, accepts a ruleset', () => {
	const good = '*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n';
	expect(check('good.rules', good)).toEqual([]);
	expect(check('bad.rules', good.replace('--dport', '--dprot')).join('\n')).toMatch(/unknown option "--dprot"/);
});

test.skipIf(!hasTool('nft') || !hasTool('unshare'))('nftables: nft -c checks the script', () => {
	const good = 'table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    tcp dport 22 accept\n  }\n}\n';
	expect(check('good.nft', good)).toEqual([]);
	expect(check('bad.nft', good.replace('tcp dport', 'tcp dportt')).join('\n')).toMatch(/nft -c exited/);
});

test.skipIf(!hasTool('nginx'))('nginx: nginx -t on the snippet in its context', () => {
	const server = 'upstream app { server 127.0.0.1:8080; }\nserver {\n  listen 8081;\n  location / { proxy_pass http://app; }\n}\n';
	expect(check('good.nginx.conf', server)).toEqual([]);
	expect(check('bad.nginx.conf', server.replace('proxy_pass', 'proxy_passs')).join('\n')).toMatch(/unknown directive "proxy_passs"/);
	expect(check('good.stream.conf', 'server {\n  listen 3307;\n  proxy_pass 127.0.0.1:3306;\n}\n')).toEqual([]);
});

test.skipIf(!hasTool('go'))('go: a module is vetted and run, with its embedded files', () => {
	const mod = join(dir, 'embed-demo');
	mkdirSync(join(mod, 'static'), { recursive: true });
	writeFileSync(join(mod, 'go.mod'), 'module example.com/embeddemo\n\ngo 1.19\n');
	writeFileSync(join(mod, 'static', 'hello.txt'), 'hello from the binary\n');
	writeFileSync(join(mod, 'main.go'), 'package main\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n//go:embed static/hello.txt\nvar hello string\n\nfunc main() { fmt.Print(hello) }\n');
	writeFileSync(join(mod, 'go.mod.out'), 'hello from the binary\n');
	expect(checkExample(join(mod, 'go.mod'), 'go')).toEqual([]);
	writeFileSync(join(mod, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Printf("%d\\n", "x") }\n');
	expect(checkExample(join(mod, 'go.mod'), 'go').join('\n')).toMatch(/go vet exited/);
}, 120_000);

describe('regular expressions', () => {
	const ipv4 = String.raw`^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$`;
	test('a pattern meeting its stated matches in every engine passes', () => {
		const yaml = `- name: IPv4\n  pattern: '${ipv4}'\n  engines: [js, ere, pcre, python]\n  matches: ['192.168.1.1', '0.0.0.0']\n  rejects: ['256.1.1.1', '1.2.3']\n`;
		expect(checkRegexCases(yaml)).toEqual([]);
	});
	test('a wrong claim names the case, the engine and the line', () => {
		const yaml = `- name: digits\n  pattern: '\\d+'\n  engines: [js, ere]\n  matches: ['123']\n  rejects: ['abc']\n`;
		// \\d is not ERE: GNU grep -E treats it as a literal d (or warns), so '123' does not match there.
		const problems = checkRegexCases(yaml);
		expect(problems.some((p) => p.startsWith('digits [ere]'))).toBe(true);
		expect(problems.some((p) => p.startsWith('digits [js]'))).toBe(false);
	});
	test('an invalid pattern is an error, not a crash', () => {
		expect(checkRegexCases(`- name: open\n  pattern: '(a'\n  engines: [js]\n  matches: ['a']\n  rejects: []\n`).join('\n')).toMatch(/^open \[js\].*Unterminated group|Invalid regular expression/);
	});
	test('the shape of the file is checked', () => {
		expect(parseRegexCases('name: x').problems).toEqual(['the file must be a YAML list of cases']);
		expect(parseRegexCases(`- name: x\n  pattern: a\n  engines: [perl]\n  matches: [a]\n  rejects: []\n`).problems[0]).toMatch(/engines must list/);
	});
});
