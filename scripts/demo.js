'use strict';
// `npm start` until the gateway lands: runs `edi validate` over the public samples and prints one
// line per file (verdict, what was found), then shows the full report of one broken file.
const { spawnSync } = require('child_process');
const { readdirSync } = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const samples = path.join(root, 'test', 'fixtures', 'samples');
const edi = (args) => spawnSync(process.execPath, [path.join(root, 'bin', 'edi.js'), ...args], { encoding: 'utf8' });

console.log('Tradewire X12 core: `edi validate` over the public samples in test/fixtures/samples\n');
for (const dir of readdirSync(samples, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const file of readdirSync(path.join(samples, dir.name)).filter((f) => f.endsWith('.edi'))) {
    const run = edi(['validate', path.join(samples, dir.name, file), '--json']);
    const report = JSON.parse(run.stdout);
    const sets = report.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.map((t) => t.set)));
    const codes = [...new Set(report.diagnostics.map((d) => d.code))];
    const verdict = run.status === 0 ? 'ok    ' : 'ERRORS';
    console.log(`${verdict} ${`${dir.name}/${file}`.padEnd(62)} sets ${sets.join(',') || '-'}  ${codes.join(' ')}`);
  }
}
console.log('\nOne report in full (edi validate test/fixtures/samples/945/x12types-945-005010.edi):\n');
process.stdout.write(edi(['validate', path.join(samples, '945', 'x12types-945-005010.edi')]).stdout);
