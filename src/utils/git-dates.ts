/**
 * Last-commit dates of the notes, read once from `git log`.
 *
 * Starlight's built-in `lastUpdated` only looks at src/content/docs/, so for our top-level
 * content/ folder we collect the dates ourselves and set them in route middleware.
 */
import { spawnSync } from 'node:child_process';

let cache: Map<string, Date> | undefined;

/** Parses `git log --format=t:%ct --name-only` output: newest commit first, so the first date seen wins. */
export function parseGitLog(log: string): Map<string, Date> {
	const dates = new Map<string, Date>();
	let current: Date | undefined;
	for (const line of log.split('\n')) {
		if (line.startsWith('t:')) current = new Date(Number(line.slice(2)) * 1000);
		else if (line && current && !dates.has(line)) dates.set(line, current);
	}
	return dates;
}

/** Date of the newest commit touching `filePath` (relative to the repository root), if any. */
export function lastCommitDate(filePath: string, cwd = process.cwd()): Date | undefined {
	if (!cache) {
		const result = spawnSync('git', ['log', '--format=t:%ct', '--name-only', '--no-renames', '--', 'content'], {
			cwd,
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		});
		cache = result.status === 0 ? parseGitLog(result.stdout) : new Map();
	}
	return cache.get(filePath);
}
