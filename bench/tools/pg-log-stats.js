// Reads a PostgreSQL log extract written with log_statement_stats (and log_min_error_statement = log,
// so each block names its statement) or with log_parser_stats / log_planner_stats, and prints the
// CPU time per statement text and per phase. Usage: node bench/tools/pg-log-stats.js extract.log
const { readFileSync } = require('fs');

const lines = readFileSync(process.argv[2], 'latin1').split('\n');
const perStatement = new Map();
const perPhase = new Map();
let phase = null;
let usage = null;
for (let i = 0; i < lines.length; i++) {
  const heading = /LOG: {2}([A-Z ]+STATISTICS)/.exec(lines[i]);
  if (heading) phase = heading[1];
  const times = /!\s+([\d.]+) s user, ([\d.]+) s system/.exec(lines[i]);
  if (times && phase) {
    usage = Number(times[1]) + Number(times[2]);
    perPhase.set(phase, (perPhase.get(phase) || 0) + usage);
    // Simple-protocol statements (QUERY) and the execution of prepared ones (EXECUTE MESSAGE) name their statement.
    if (phase !== 'QUERY STATISTICS' && phase !== 'EXECUTE MESSAGE STATISTICS') usage = null;
    phase = null;
  }
  const statement = /STATEMENT:\s+(.*)/.exec(lines[i]);
  if (statement && usage !== null) {
    let text = statement[1];
    for (let j = i + 1; j < lines.length && lines[j].startsWith('\t') && !lines[j].startsWith('\t!'); j++) text += ` ${lines[j].trim()}`;
    const key = text.replace(/\s+/g, ' ').slice(0, 90);
    const entry = perStatement.get(key) || { n: 0, seconds: 0 };
    entry.n++;
    entry.seconds += usage;
    perStatement.set(key, entry);
    usage = null;
  }
}
for (const [name, seconds] of perPhase) console.log(`${name}: ${seconds.toFixed(3)} s`);
for (const [text, e] of [...perStatement.entries()].sort((a, b) => b[1].seconds - a[1].seconds).slice(0, 25)) {
  console.log(`${String(e.n).padStart(6)} ${e.seconds.toFixed(3).padStart(8)} s ${((e.seconds * 1000) / e.n).toFixed(3).padStart(7)} ms each  ${text}`);
}
