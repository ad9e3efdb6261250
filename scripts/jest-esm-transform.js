'use strict';
// Jest (CommonJS, Node 20) cannot load ESM-only packages; Node itself can (require(esm), 20.19+).
// pkijs 4 and asn1js 4 (AS2's CMS) and their dependencies ship ESM only, so Jest turns just those
// files into CommonJS with esbuild (already a dev dependency) instead of the whole of node_modules.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { format: 'cjs', target: 'node20', loader: 'js', sourcefile: filename, sourcemap: 'external' });
    return { code, map };
  },
};
