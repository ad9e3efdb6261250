// Usage: node bench/tools/parse-ab.js A.js B.js FILE [rounds]
// Runs the streaming parser of two builds (A.js, B.js: bundles of bench/parse-ab.ts) and the byte-loop
// baseline (`baselineBytes`) in one process, interleaved (A B baseline, then B A baseline), after 10
// untimed rounds. Prints one JSON line: each one's fastest, 10th-percentile and median parse (ms), and
// `bFasterThanA`, A's time over B's (above 1: B is faster). Both builds share the same minutes of a
// noisy machine, which separate processes do not: here one build against itself reads 0.99 to 1.015.
'use strict';
const { readFileSync } = require('fs');
const { resolve } = require('path');

const [a, b, file, roundsArg] = process.argv.slice(2);
if (!a || !b || !file) {
  console.error('usage: node bench/tools/parse-ab.js A.js B.js FILE [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 200);
const data = readFileSync(file);
const CHUNK = 64 * 1024;
const chunks = [];
for (let at = 0; at < data.length; at += CHUNK) chunks.push(Buffer.from(data.subarray(at, at + CHUNK)));

const A = require(resolve(a));
const B = require(resolve(b));
const runners = { a: A.tradewireStream, b: B.tradewireStream, baselineBytes: A.baselineBytes };
if (runners.a(chunks) !== runners.b(chunks)) throw new Error('A and B saw different segments or elements');
const times = { a: [], b: [], baselineBytes: [] };
for (let i = 0; i < 10; i++) for (const run of Object.values(runners)) run(chunks);
for (let r = 0; r < rounds; r++) {
  for (const name of r % 2 === 0 ? ['a', 'b', 'baselineBytes'] : ['b', 'a', 'baselineBytes']) {
    const started = process.hrtime.bigint();
    runners[name](chunks);
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const quantile = (values, q) => [...values].sort((x, y) => x - y)[Math.floor(q * (values.length - 1))];
const summary = {};
for (const [name, ms] of Object.entries(times)) {
  summary[name] = { min: +quantile(ms, 0).toFixed(2), p10: +quantile(ms, 0.1).toFixed(2), median: +quantile(ms, 0.5).toFixed(2) };
}
const ratio = (x, y) => +(x / y).toFixed(3);
console.log(JSON.stringify({
  file, fileBytes: data.length, rounds, ...summary,
  bFasterThanA: { p10: ratio(summary.a.p10, summary.b.p10), median: ratio(summary.a.median, summary.b.median) },
  // In memory, so lower than the benchmark's stream / fastest plain, where both also read the file.
  vsBaselineBytes: { a: ratio(summary.baselineBytes.p10, summary.a.p10), b: ratio(summary.baselineBytes.p10, summary.b.p10) },
}));
