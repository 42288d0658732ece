/**
 * The engine runs unchanged in the browser: bundled for the browser platform it must pull in no
 * Node built-in, and stay small. The gzipped size is printed for the record.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';

test('src/k8s bundles for the browser with no Node built-ins, and is small', async () => {
	const result = await build({
		entryPoints: [join(import.meta.dirname, '../../../src/k8s/index.ts')],
		bundle: true,
		platform: 'browser',
		format: 'esm',
		minify: true,
		write: false,
		logLevel: 'silent',
		metafile: true,
	});
	const code = result.outputFiles[0].contents;
	const inputs = Object.keys(result.metafile!.inputs);
	expect(inputs.filter((i) => i.startsWith('node:') || /^(fs|path|os|child_process|crypto|url|util|zlib|process|buffer)$/.test(i))).toEqual([]);
	expect(new TextDecoder().decode(code)).not.toMatch(/\brequire\(["']node:/);
	const gzip = gzipSync(code).length;
	console.info(`svcnet engine browser bundle: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gzip / 1024).toFixed(1)} KiB gzip (${inputs.length} modules)`);
	// The yaml parser is most of it; the engine itself must not grow past this without a reason.
	expect(gzip).toBeLessThan(90 * 1024);
});
