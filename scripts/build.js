'use strict';
// Bundles the serviceless entry points (the `edi` CLI, benchmarks) with esbuild: one file each,
// path aliases resolved from tsconfig.json. Type checking is `npm run typecheck`, not this.
const { buildSync } = require('esbuild');
const { readdirSync } = require('fs');
const { buildConsole } = require('./console-build');

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

buildSync({ ...common, entryPoints: ['apps/cli/src/main.ts'], outfile: 'dist/apps/cli/main.js' });

// The gateway's entry points keep TypeORM and pg as installed packages (they load drivers dynamically).
// Services keep every npm package as installed (Nest, TypeORM and drivers load modules dynamically);
// only our own sources are bundled, with the @tradewire/* aliases resolved. Nest injection uses
// explicit @Inject tokens, so no emitted decorator metadata is needed.
const service = { ...common, packages: 'external' };
buildSync({ ...service, entryPoints: ['apps/gateway/src/database/migrate.ts'], outfile: 'dist/apps/gateway/migrate.js' });
buildSync({ ...service, entryPoints: ['apps/gateway/src/main.ts'], outfile: 'dist/apps/gateway/main.js' });
buildSync({ ...service, entryPoints: ['apps/worker/src/main.ts'], outfile: 'dist/apps/worker/main.js' });
// The ops console the gateway serves at /console: static files beside its bundle.
buildConsole('dist/apps/gateway/console');

// The pipeline benchmark runs the services: its npm packages stay external, like the apps'.
const benches = readdirSync('bench').filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && f !== 'pipeline.bench.ts');
if (benches.length > 0) buildSync({
  ...common,
  entryPoints: benches.map((f) => `bench/${f}`),
  outdir: 'dist/bench',
  // The reference parser is loaded as installed, in its own child process.
  external: ['node-x12'],
});
buildSync({ ...service, entryPoints: ['bench/pipeline.bench.ts'], outfile: 'dist/bench/pipeline.bench.js' });
