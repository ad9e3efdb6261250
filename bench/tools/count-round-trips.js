// Preload (`node -r ./bench/tools/count-round-trips.js dist/bench/pipeline.bench.js …`): counts every
// PostgreSQL statement and Redis command the process sends, by text, and prints the totals, the most
// frequent ones and the process's CPU time to stderr when it exits. Run from the repository root.
const pg = require('pg');
const Redis = require('ioredis');

const counts = { pg: 0, redis: 0, byText: new Map() };
const count = (key) => counts.byText.set(key, (counts.byText.get(key) || 0) + 1);

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  counts.pg++;
  const text = typeof config === 'string' ? config : (config && config.text) || '?';
  count(text.replace(/\s+/g, ' ').slice(0, 80));
  return query.call(this, config, ...rest);
};
const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (command, ...rest) {
  counts.redis++;
  count(`redis ${command.name}`);
  return sendCommand.call(this, command, ...rest);
};

const started = process.cpuUsage();
process.on('exit', () => {
  const cpu = process.cpuUsage(started);
  const top = [...counts.byText.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 30));
  process.stderr.write(`${JSON.stringify({ pgStatements: counts.pg, redisCommands: counts.redis, cpuUserMs: Math.round(cpu.user / 1000), cpuSystemMs: Math.round(cpu.system / 1000) })}\n`);
  process.stderr.write(`${top.map(([text, n]) => `${n}\t${text}`).join('\n')}\n`);
});
