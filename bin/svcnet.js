#!/usr/bin/env node
// svcnet: the Service networking engine on the command line (src/cli/svcnet.ts).
// The engine is TypeScript that Node runs directly (type stripping, Node >= 22.18 / 23.6);
// inside the project, `npx svcnet` runs the Node the project pins.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18) || (major === 23 && minor < 6)) {
	process.stderr.write(`svcnet needs Node 22.18 or newer (this is ${process.version}); run it as \`npx svcnet\` inside the project.\n`);
	process.exit(2);
}
const { main } = await import('../src/cli/svcnet.ts');
main();
