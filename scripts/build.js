'use strict';
// Bundles the serviceless entry points (the `edi` CLI, benchmarks) with esbuild: one file each,
// path aliases resolved from tsconfig.json. Type checking is `npm run typecheck`, not this.
const { buildSync } = require('esbuild');
const { readdirSync } = require('fs');

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

buildSync({ ...common, entryPoints: ['apps/cli/src/main.ts'], outfile: 'dist/apps/cli/main.js' });

// The gateway's entry points keep TypeORM and pg as installed packages (they load drivers dynamically).
const services = ['typeorm', 'pg', 'pg-native', 'bullmq', 'ioredis'];
buildSync({ ...common, entryPoints: ['apps/gateway/src/database/migrate.ts'], outfile: 'dist/apps/gateway/migrate.js', external: services });
buildSync({ ...common, entryPoints: ['apps/worker/src/main.ts'], outfile: 'dist/apps/worker/main.js', external: services });

const benches = readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
if (benches.length > 0) buildSync({
  ...common,
  entryPoints: benches.map((f) => `bench/${f}`),
  outdir: 'dist/bench',
  // The reference parser is loaded as installed, in its own child process.
  external: ['node-x12'],
});
