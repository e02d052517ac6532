#!/usr/bin/env node
// Plain JavaScript on purpose: this file must run, and explain itself, on any
// Node version. better-sqlite3 13 crashes the process on Node 20, and the
// engine's TypeScript is run by Node's own type stripping (22.18 and later).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `mx-standby needs Node.js 22.18 or later (24 LTS recommended); this is Node.js ${process.versions.node}.\n` +
      'Inside the project, `npm start` uses the Node 24 that `npm install` put in node_modules.\n',
  );
  process.exit(1);
}
// Every message's body is written, fsynced and renamed on libuv's thread pool;
// its default of 4 threads queues sessions behind each other under load.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { main } = await import('../core/cli.ts');
process.exitCode = await main(process.argv.slice(2));
