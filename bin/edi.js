#!/usr/bin/env node
'use strict';
// The `edi` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (run automatically by `npm ci` / `npm install` through the `prepare` script).
const path = require('path');
const fs = require('fs');
const main = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('edi: not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}
require(main).runCli(process.argv.slice(2));
