'use strict';
// Builds the ops console into one directory: the browser code bundled by esbuild into app.js (plain
// DOM code, no framework), index.html and app.css copied. `npm run build` writes it beside the
// gateway's bundle (dist/apps/gateway/console), where main.js serves it; the browser test builds it
// with this same function into a directory of its own.
const { buildSync } = require('esbuild');
const { copyFileSync, mkdirSync } = require('fs');
const { join } = require('path');

const SOURCE = join(__dirname, '..', 'apps', 'gateway', 'src', 'console', 'browser');

function buildConsole(outdir) {
  mkdirSync(outdir, { recursive: true });
  buildSync({
    entryPoints: [join(SOURCE, 'main.ts')],
    outfile: join(outdir, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    // Browsers an ops desk runs today; no transpiling of modern syntax is needed below these.
    target: ['chrome120', 'firefox120', 'safari17'],
    sourcemap: false,
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'app.css']) copyFileSync(join(SOURCE, file), join(outdir, file));
}

module.exports = { buildConsole };
