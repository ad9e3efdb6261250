// Summarises a .cpuprofile (node --cpu-prof): self time per package or file and per function, or with
// `--inclusive [pattern]` the time spent in each function and what it called. Samples whose leaf is
// idle, GC or a socket write (writev, writeBuffer: on a loaded 2-core machine mostly time spent
// descheduled, not CPU) are left out of the inclusive view.
// Usage: node bench/tools/cpuprofile.js profile.cpuprofile [--inclusive [regexp]]
const { readFileSync } = require('fs');

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const inclusive = process.argv[3] === '--inclusive';
const pattern = process.argv[4] ? new RegExp(process.argv[4]) : null;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const time = new Map();
profile.samples.forEach((id, i) => time.set(id, (time.get(id) || 0) + (profile.timeDeltas[i] || 0)));
const where = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/')}:${cf.lineNumber}`;
const pkg = (url) => (url.includes('node_modules/') ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') : url.replace(/.*\/dist\//, 'dist/'));
const print = (map, total, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).forEach(([k, t]) => console.log(`${((100 * t) / total).toFixed(1).padStart(5)} % ${k}`));

const byFunction = new Map();
const byPackage = new Map();
let total = 0;
for (const [id, t] of time) {
  const leaf = nodes.get(id).callFrame;
  if (inclusive && ['(idle)', '(garbage collector)', '(program)', 'writev', 'writeBuffer'].includes(leaf.functionName)) continue;
  total += t;
  if (!inclusive) {
    byFunction.set(where(leaf), (byFunction.get(where(leaf)) || 0) + t);
    byPackage.set(pkg(leaf.url) || leaf.functionName, (byPackage.get(pkg(leaf.url) || leaf.functionName) || 0) + t);
    continue;
  }
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = where(nodes.get(at).callFrame);
    if (seen.has(key) || (pattern && !pattern.test(key))) continue;
    seen.add(key);
    byFunction.set(key, (byFunction.get(key) || 0) + t);
  }
}
console.log(`${(total / 1000).toFixed(0)} ms sampled`);
if (!inclusive) {
  print(byPackage, total, 20);
  console.log('---');
}
print(byFunction, total, 50);
