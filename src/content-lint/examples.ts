/**
 * Checks for the example files notes include (content/<part>/examples/): each kind of file is
 * run through the tool that would run it for real, so a reader who copies an example gets one
 * that works. Node-only (child processes); used by tests/content/examples.test.ts.
 *
 * By file name:
 * - `*.sh`            `bash -n` (syntax).
 * - `*.run.sh`        also run with bash in an empty temporary directory; must exit 0.
 * - `*.py`            run with python3 in an empty temporary directory; must exit 0.
 * - `*.rules`         iptables-restore format: `iptables-restore --test` in a new network namespace.
 * - `*.nft`           nftables script: `nft -c -f` in a new network namespace.
 * - `*.nginx.conf`    nginx configuration in the `http` context (server/upstream/map blocks);
 *   `*.stream.conf`   in the `stream` context: `nginx -t` with a wrapper around it.
 * - `*.regex.yaml`    regular-expression cases (see RegexCase): each pattern against its stated
 *                     matches and non-matches, in every engine it names.
 * - `<dir>/go.mod`    a Go module (stdlib only, no network): `go vet` and `go run .` in a copy of
 *                     the directory; the other files of the directory belong to it.
 * Where `<file>.out` exists next to a runnable example, its stdout must equal that file (for a Go
 * module: `go.mod.out`).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

export type ExampleKind = 'shell' | 'script' | 'python' | 'iptables' | 'nftables' | 'nginx-http' | 'nginx-stream' | 'regex' | 'go';

/** What an example file is, from its name; undefined for files that are only shown (YAML manifests, text). */
export function exampleKind(name: string): ExampleKind | undefined {
	if (name === 'go.mod' || name.endsWith('/go.mod')) return 'go';
	if (name.endsWith('.run.sh')) return 'script';
	if (name.endsWith('.sh')) return 'shell';
	if (name.endsWith('.py')) return 'python';
	if (name.endsWith('.rules')) return 'iptables';
	if (name.endsWith('.nft')) return 'nftables';
	if (name.endsWith('.nginx.conf')) return 'nginx-http';
	if (name.endsWith('.stream.conf')) return 'nginx-stream';
	if (name.endsWith('.regex.yaml')) return 'regex';
	return undefined;
}

/** The programs each kind needs; a machine without one cannot check that kind. */
export const TOOLS: Record<ExampleKind, string[]> = {
	shell: ['bash'],
	script: ['bash'],
	python: ['python3'],
	iptables: ['iptables-restore', 'unshare'],
	nftables: ['nft', 'unshare'],
	'nginx-http': ['nginx'],
	'nginx-stream': ['nginx'],
	regex: ['grep', 'python3'],
	go: ['go'],
};

export function hasTool(tool: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/sbin/${tool} || test -x /sbin/${tool}`]).status === 0;
}

const TIMEOUT_MS = 20_000;
/** A first Go build compiles the standard library packages an example imports. */
const GO_TIMEOUT_MS = 240_000;

function run(cmd: string, args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): SpawnSyncReturns<string> {
	return spawnSync(cmd, args, {
		cwd: opts.cwd,
		input: opts.input,
		env: { PATH: `${process.env.PATH}:/usr/sbin:/sbin`, LANG: 'C.UTF-8', ...opts.env },
		encoding: 'utf8',
		timeout: opts.timeout ?? TIMEOUT_MS,
		maxBuffer: 8 * 1024 * 1024,
	});
}

function failure(label: string, r: SpawnSyncReturns<string>): string[] {
	if (r.error) return [`${label}: ${r.error.message}`];
	if (r.status === 0) return [];
	const out = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(0, 12).join('\n');
	return [`${label} exited with ${r.status ?? r.signal}:\n${out}`];
}

function withTempDir<T>(fn: (dir: string) => T): T {
	const dir = mkdtempSync(join(tmpdir(), 'ops-notes-example-'));
	try {
		return fn(dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function expectedOutput(path: string, stdout: string): string[] {
	const outFile = `${path}.out`;
	if (!existsSync(outFile)) return [];
	const want = readFileSync(outFile, 'utf8');
	return stdout === want ? [] : [`stdout differs from ${outFile.split('/').at(-1)}:\n--- expected\n${want}--- got\n${stdout}`];
}

/** Runs in a fresh network namespace: as root without a user namespace, otherwise with one (-r). */
function inNetns(cmd: string, args: string[], input?: string): SpawnSyncReturns<string> {
	const userns = process.getuid?.() === 0 ? [] : ['-r'];
	return run('unshare', [...userns, '-n', cmd, ...args], { input });
}

function checkNginx(text: string, context: 'http' | 'stream'): string[] {
	return withTempDir((dir) => {
		writeFileSync(join(dir, 'example.conf'), text);
		const module = '/usr/lib/nginx/modules/ngx_stream_module.so';
		const load = context === 'stream' && existsSync(module) ? `load_module ${module};\n` : '';
		// nginx's own files go to the temporary prefix (paths an example names itself, such as an
		// access_log file or a proxy_cache_path, are created as written); `nginx -t` resolves names
		// in proxy_pass/upstream, so examples use addresses or names that resolve offline.
		const main = [
			load,
			`pid ${dir}/nginx.pid;`,
			`error_log ${dir}/error.log;`,
			'events {}',
			context === 'http'
				? `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n  include ${dir}/example.conf;\n}`
				: `stream {\n  include ${dir}/example.conf;\n}`,
		].join('\n');
		writeFileSync(join(dir, 'nginx.conf'), main);
		// Through a file, not Node's pipes: those are sockets, and `access_log /dev/stdout` (the
		// usual container setup) cannot open a socket (ENXIO).
		const r = run('sh', ['-c', 'nginx -t -q -p "$1" -c "$1/nginx.conf" >"$1/test.log" 2>&1', 'sh', dir], { cwd: dir });
		return failure('nginx -t', { ...r, stderr: existsSync(join(dir, 'test.log')) ? readFileSync(join(dir, 'test.log'), 'utf8') : r.stderr });
	});
}

/** One regular-expression example as a note states it (a list of these is a `*.regex.yaml`). */
export interface RegexCase {
	/** What the pattern is for, shown to the reader. */
	name: string;
	pattern: string;
	/** Engines the pattern is written for: js (RegExp), ere (grep -E), bre (grep), pcre (grep -P), python (re). */
	engines: Array<'js' | 'ere' | 'bre' | 'pcre' | 'python'>;
	/** JavaScript/Python flags (i, m, s, u …); for grep only `i` is meaningful. */
	flags?: string;
	/** Lines the pattern must find a match in. */
	matches: string[];
	/** Lines it must not. */
	rejects: string[];
}

const ENGINES = new Set(['js', 'ere', 'bre', 'pcre', 'python']);

/** Parses a `*.regex.yaml` file into cases, or says what is wrong with its shape. */
export function parseRegexCases(text: string): { cases: RegexCase[]; problems: string[] } {
	const data: unknown = parse(text);
	if (!Array.isArray(data)) return { cases: [], problems: ['the file must be a YAML list of cases'] };
	const problems: string[] = [];
	const cases: RegexCase[] = [];
	data.forEach((c: Record<string, unknown>, i) => {
		const at = `case ${i + 1}${typeof c?.name === 'string' ? ` (${c.name})` : ''}`;
		const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
		if (typeof c?.name !== 'string' || typeof c.pattern !== 'string') problems.push(`${at}: needs name and pattern (strings)`);
		else if (!strings(c.engines) || !(c.engines as string[]).length || !(c.engines as string[]).every((e) => ENGINES.has(e)))
			problems.push(`${at}: engines must list some of js, ere, bre, pcre, python`);
		else if (!strings(c.matches) || !strings(c.rejects) || !(c.matches as string[]).length)
			problems.push(`${at}: matches (at least one) and rejects must be lists of strings`);
		else cases.push(c as unknown as RegexCase);
	});
	return { cases, problems };
}

/** Which of the lines the pattern finds a match in, per engine; an engine error is a problem. */
function regexVerdicts(c: RegexCase, engine: RegexCase['engines'][number], lines: string[], python?: Map<RegexCase, boolean[] | string>): boolean[] | string {
	const flags = c.flags ?? '';
	if (engine === 'js') {
		try {
			const re = new RegExp(c.pattern, flags.replace(/g|y/g, ''));
			return lines.map((l) => re.test(l));
		} catch (e) {
			return (e as Error).message;
		}
	}
	if (engine === 'python') return python?.get(c) ?? 'python3 gave no verdicts';
	// grep, one line at a time so a line is judged alone; exit 0 = match, 1 = none, 2 = error.
	const mode = engine === 'ere' ? ['-E'] : engine === 'pcre' ? ['-P'] : ['-G'];
	const icase = flags.includes('i') ? ['-i'] : [];
	const verdicts: boolean[] = [];
	for (const line of lines) {
		const r = run('grep', [...mode, ...icase, '-q', '-e', c.pattern], { input: `${line}\n` });
		if (r.status !== 0 && r.status !== 1) return r.stderr.trim() || `grep exited with ${r.status}`;
		verdicts.push(r.status === 0);
	}
	return verdicts;
}

/** Python's verdicts for every case that names it, from one python3 process (starting one per case is slow). */
function pythonVerdicts(cases: RegexCase[]): Map<RegexCase, boolean[] | string> {
	const todo = cases.filter((c) => c.engines.includes('python'));
	const out = new Map<RegexCase, boolean[] | string>();
	if (!todo.length) return out;
	const script = [
		'import json, re, sys',
		'out = []',
		'for d in json.load(sys.stdin):',
		'    f = 0',
		"    for ch in d['flags']: f |= {'i': re.I, 'm': re.M, 's': re.S, 'x': re.X, 'a': re.A}.get(ch, 0)",
		'    try:',
		"        p = re.compile(d['pattern'], f)",
		"        out.append([bool(p.search(l)) for l in d['lines']])",
		'    except re.error as e:',
		'        out.append(str(e))',
		'print(json.dumps(out))',
	].join('\n');
	const input = JSON.stringify(todo.map((c) => ({ pattern: c.pattern, flags: c.flags ?? '', lines: [...c.matches, ...c.rejects] })));
	const r = run('python3', ['-c', script], { input });
	const results: Array<boolean[] | string> = r.status === 0 ? JSON.parse(r.stdout) : todo.map(() => r.stderr.trim().split('\n').at(-1) ?? 'python3 failed');
	todo.forEach((c, i) => out.set(c, results[i]));
	return out;
}

export function checkRegexCases(text: string): string[] {
	const { cases, problems } = parseRegexCases(text);
	const python = pythonVerdicts(cases);
	for (const c of cases) {
		for (const engine of c.engines) {
			const lines = [...c.matches, ...c.rejects];
			const verdicts = regexVerdicts(c, engine, lines, python);
			if (typeof verdicts === 'string') {
				problems.push(`${c.name} [${engine}] /${c.pattern}/: ${verdicts}`);
				continue;
			}
			verdicts.forEach((hit, i) => {
				const shouldMatch = i < c.matches.length;
				if (hit !== shouldMatch)
					problems.push(`${c.name} [${engine}] /${c.pattern}/ ${shouldMatch ? 'does not match' : 'matches'} ${JSON.stringify(lines[i])}`);
			});
		}
	}
	return problems;
}

/** Problems with one example file (empty when it checks out). */
export function checkExample(path: string, kind: ExampleKind): string[] {
	const text = readFileSync(path, 'utf8');
	switch (kind) {
		case 'shell':
			return failure('bash -n', run('bash', ['-n', path]));
		case 'script': {
			const syntax = failure('bash -n', run('bash', ['-n', path]));
			if (syntax.length) return syntax;
			return withTempDir((dir) => {
				const r = run('bash', [path], { cwd: dir, env: { HOME: dir, TMPDIR: dir } });
				return [...failure('bash', r), ...expectedOutput(path, r.stdout ?? '')];
			});
		}
		case 'python':
			return withTempDir((dir) => {
				const r = run('python3', [path], { cwd: dir, env: { HOME: dir, TMPDIR: dir, PYTHONDONTWRITEBYTECODE: '1' } });
				return [...failure('python3', r), ...expectedOutput(path, r.stdout ?? '')];
			});
		case 'iptables':
			return failure('iptables-restore --test', inNetns('iptables-restore', ['--test'], text));
		case 'nftables':
			return failure('nft -c', inNetns('nft', ['-c', '-f', '-'], text));
		case 'nginx-http':
			return checkNginx(text, 'http');
		case 'nginx-stream':
			return checkNginx(text, 'stream');
		case 'regex':
			return checkRegexCases(text);
		case 'go':
			return withTempDir((dir) => {
				const src = join(dir, 'src');
				cpSync(dirname(path), src, { recursive: true });
				// Offline: no module downloads. The build cache is shared between runs (it is keyed by
				// content, so it cannot leak one example into another); without it every example
				// compiles net/http from scratch, which takes minutes on a small machine.
				const env = { HOME: dir, GOPATH: join(dir, 'gopath'), GOCACHE: join(tmpdir(), 'ops-notes-go-build-cache'), GOPROXY: 'off', GOFLAGS: '-mod=mod', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
				const vet = failure('go vet', run('go', ['vet', './...'], { cwd: src, env, timeout: GO_TIMEOUT_MS }));
				if (vet.length) return vet;
				const r = run('go', ['run', '.'], { cwd: src, env, timeout: GO_TIMEOUT_MS });
				return [...failure('go run', r), ...expectedOutput(path, r.stdout ?? '')];
			});
	}
}
