import { spawn } from 'child_process';
import { readFileSync, statSync } from 'fs';
import { resolve } from 'path';
import { parseArgs } from 'util';
import { DEFAULT_PARSERS, isParserName, ParseCount, ParserName, PARSERS } from './parse-runners';
import { ResultLine, round, summarize } from './parse-summary';
import { ensureWorkloadFile, Workload, WORKLOADS } from './x12-data';

/**
 * Parse benchmark: our streaming and in-memory parsers against node-x12 and a plain tokenizer, on
 * generated 846/856 files of 1, 10 and 100 MB and a file of 10,000 small interchanges.
 * Every parser × workload runs in its own child process, so peak RSS is per parser and a crash
 * (node-x12 out of heap) is a result line, not the end of the run. One JSON object per line on
 * stdout, a summary line last; progress on stderr. See bench/README.md.
 *
 *   node dist/bench/parse.bench.js [--quick] [--parsers a,b] [--workloads x,y]
 *        [--runs n] [--rounds n] [--timeout seconds] [--cpu-prof-dir dir] [--data-dir dir]
 */

const MB = 1_000_000;
const HEAP_MB = 4096;
/**
 * Untimed parses before the timed ones of a full run: five, or fewer for large files, so that at
 * least 20 MB (and one whole file) have gone through the parser before timing starts. V8 has
 * optimised the parser's code by then; a gateway parsing file after file runs that code.
 */
function warmUpPasses(bytes: number): number {
  return Math.max(1, Math.min(5, Math.ceil((20 * MB) / bytes)));
}

/**
 * Timed parses of a full run: at least `--runs`, and below 50 MB at least five, up to 20 MB or 20
 * parses. The best of three moved by a quarter from run to run on this VM; the best of more is steadier.
 */
function timedRuns(bytes: number, runs: number): number {
  if (bytes >= 50 * MB) return runs;
  return Math.max(runs, 5, Math.min(20, Math.ceil((20 * MB) / bytes)));
}

interface Options {
  readonly quick: boolean;
  readonly parsers: readonly ParserName[];
  readonly workloads: readonly Workload[];
  readonly runs: number;
  readonly rounds: number;
  readonly timeoutMs: number;
  readonly dataDir: string;
  readonly cpuProfDir: string | null;
}

/** What a child prints on stdout: one JSON object. */
interface ChildReport {
  readonly ok: boolean;
  readonly ms: readonly number[];
  readonly count: ParseCount | null;
  readonly maxRssKb: number;
  readonly error?: string;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

// ---------------------------------------------------------------- child: one parser, one file

async function runChild(parser: ParserName, file: string, runs: number, warmUp: number): Promise<void> {
  const runner = PARSERS[parser]();
  const ms: number[] = [];
  let count: ParseCount | null = null;
  try {
    // No forced GC between parses: a full GC with no parser alive lets V8 drop the parser's hidden
    // classes and the next parse deoptimizes (measured 3x slower on 1 MB), which a worker parsing
    // file after file does not see on every file.
    for (let i = 0; i < warmUp; i++) count = await runner(file);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      count = await runner(file);
      ms.push(performance.now() - started);
    }
    writeReport({ ok: true, ms, count, maxRssKb: process.resourceUsage().maxRSS });
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    writeReport({ ok: false, ms, count, maxRssKb: process.resourceUsage().maxRSS, error });
  }
}

function writeReport(report: ChildReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

// ---------------------------------------------------------------- parent: spawn and measure

interface ChildOutcome {
  readonly report: ChildReport | null;
  /** Peak RSS seen from outside (/proc VmHWM), for children that die before reporting. */
  readonly sampledRssKb: number | null;
  readonly wallMs: number;
  readonly error: string | null;
}

function childFlags(options: Options): string[] {
  const flags = [`--max-old-space-size=${HEAP_MB}`];
  if (options.cpuProfDir !== null) flags.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  return flags;
}

function readPeakRssKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

function spawnChild(args: readonly string[], options: Options): Promise<ChildOutcome> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...childFlags(options), __filename, '--child', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sampledRssKb: number | null = null;
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
    const sampler = setInterval(() => {
      if (child.pid !== undefined) sampledRssKb = readPeakRssKb(child.pid) ?? sampledRssKb;
    }, 100);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      const report = line === undefined ? null : (JSON.parse(line) as ChildReport);
      let error: string | null = null;
      if (timedOut) error = `timeout after ${options.timeoutMs / 1000} s`;
      else if (/heap out of memory|Reached heap limit/.test(stderr)) error = `out of memory (JavaScript heap, --max-old-space-size=${HEAP_MB})`;
      else if (report === null) error = `child exited (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      else if (!report.ok) error = report.error ?? 'failed';
      done({ report, sampledRssKb, wallMs, error });
    });
  });
}

/** Timed parses from `children` fresh processes; stops at the first failure. */
interface Series {
  readonly times: number[];
  /** Highest peak RSS of the children, KiB. */
  readonly peakKb: number;
  readonly count: ParseCount | null;
  readonly error: string | null;
  readonly wallMs: number;
}

async function series(parser: ParserName, file: string, children: number, runs: number, warmUp: number, options: Options): Promise<Series> {
  const times: number[] = [];
  let peakKb = 0;
  let count: ParseCount | null = null;
  for (let i = 0; i < children; i++) {
    const outcome = await spawnChild([parser, file, String(runs), String(warmUp)], options);
    peakKb = Math.max(peakKb, outcome.report?.maxRssKb ?? outcome.sampledRssKb ?? 0);
    // A failure is not retried: node-x12 running out of heap fails the same way every time.
    if (outcome.error !== null) return { times, peakKb, count, error: outcome.error, wallMs: outcome.wallMs };
    times.push(...(outcome.report?.ms ?? []));
    count = outcome.report?.count ?? count;
  }
  return { times, peakKb, count, error: null, wallMs: 0 };
}

const mbPerSec = (bytes: number, ms: number): number => round(bytes / MB / (ms / 1000));
const rssMb = (kb: number): number | null => (kb > 0 ? round((kb * 1024) / MB) : null);

/**
 * Quick: one cold parse. Full: one fresh process parses once, cold (its time is `coldMbPerSec`, its
 * peak RSS is reported), then another parses `warmUpPasses` times untimed and `timedRuns` times
 * timed: the best is `mbPerSec`, the steady-state throughput the targets are about.
 */
async function measure(parser: ParserName, workload: Workload, file: string, bytes: number, options: Options): Promise<ResultLine> {
  const warm = !options.quick;
  const cold = await series(parser, file, 1, 1, 0, options);
  const peakRssMb = rssMb(cold.peakKb);
  const failed = (s: Series, error: string): ResultLine => ({
    parser, workload: workload.name, bytes, mbPerSec: null, peakRssMb, ms: Math.round(s.wallMs), runs: s.times.length + 1, warm, error,
  });
  if (cold.error !== null) return failed(cold, cold.error);
  const timed = warm ? await series(parser, file, 1, timedRuns(bytes, options.runs), warmUpPasses(bytes), options) : cold;
  if (timed.error !== null) return failed(timed, timed.error);
  const best = Math.min(...timed.times);
  const count = timed.count;
  return {
    parser, workload: workload.name, bytes, mbPerSec: mbPerSec(bytes, best), peakRssMb, ms: round(best), runs: timed.times.length, warm,
    ...(warm ? { coldMbPerSec: mbPerSec(bytes, cold.times[0]) } : {}),
    ...(count === null ? {} : { segments: count.segments }),
    ...(count?.diagnostics === undefined ? {} : { diagnostics: count.diagnostics }),
  };
}

// ---------------------------------------------------------------- main

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      parsers: { type: 'string' },
      workloads: { type: 'string' },
      runs: { type: 'string', default: '3' },
      rounds: { type: 'string' },
      timeout: { type: 'string' },
      'cpu-prof-dir': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const parsers = values.parsers === undefined ? DEFAULT_PARSERS : values.parsers.split(',');
  const unknown = parsers.filter((p) => !isParserName(p));
  if (unknown.length > 0) throw new Error(`unknown parser(s) ${unknown.join(', ')}; known: ${Object.keys(PARSERS).join(', ')}`);
  const names = values.workloads?.split(',');
  const workloads = WORKLOADS.filter((w) => (names === undefined ? !values.quick || w.targetBytes <= 10 * MB : names.includes(w.name)));
  if (workloads.length === 0) throw new Error(`no workload selected; known: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  const runs = Number(values.runs);
  const rounds = Number(values.rounds ?? (values.quick ? 1 : 2));
  const timeout = Number(values.timeout ?? (values.quick ? 60 : 300));
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(rounds) || rounds < 1 || !(timeout > 0)) {
    throw new Error('--runs and --rounds take a whole number from 1, --timeout a number of seconds');
  }
  return {
    quick: values.quick,
    parsers: parsers.filter(isParserName),
    workloads,
    runs,
    rounds,
    timeoutMs: timeout * 1000,
    // The bundle runs from dist/bench/; data lives in bench/data/ (gitignored).
    dataDir: resolve(values['data-dir'] ?? resolve(__dirname, '../../bench/data')),
    cpuProfDir: values['cpu-prof-dir'] === undefined ? null : resolve(values['cpu-prof-dir']),
  };
}

/**
 * Rounds: the whole sequence of workloads and parsers runs `rounds` times, and each parser keeps
 * its best round. A slow spell of this shared VM (a parser at two thirds of its usual speed for a
 * minute) then costs a figure only when it hits every round. Every other round measures the parsers
 * of a workload in reverse order, so that the machine's drift over a workload's minute favours none
 * of them; the summary also gives each round's own ratio (`streamVsBaselineByRound`).
 */
async function runAll(options: Options): Promise<void> {
  const started = Date.now();
  const best = new Map<string, ResultLine>();
  const byRound: ResultLine[][] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const measured: ResultLine[] = [];
    byRound.push(measured);
    const parsers = round % 2 === 0 ? [...options.parsers].reverse() : options.parsers;
    for (const workload of options.workloads) {
      const file = ensureWorkloadFile(workload, options.dataDir);
      const bytes = statSync(file).size;
      for (const parser of parsers) {
        const key = `${workload.name} ${parser}`;
        const earlier = best.get(key);
        // A failure (node-x12 out of heap) repeats every time: not measured again.
        if (earlier?.error !== undefined) continue;
        const line = await measure(parser, workload, file, bytes, options);
        measured.push(line);
        best.set(key, earlier === undefined ? line : better(earlier, line));
        const where = options.rounds > 1 ? ` (round ${round})` : '';
        log(`${workload.name.padEnd(10)} ${parser.padEnd(18)} ${line.error ?? `${line.mbPerSec} MB/s, peak RSS ${line.peakRssMb} MB${line.warm ? ' (warm)' : ''}`}${where}`);
      }
    }
  }
  // In the order of `--parsers`: the first round, which runs in that order, put every key in.
  const results = [...best.values()];
  for (const line of results) process.stdout.write(`${JSON.stringify(line)}\n`);
  const summary = summarize(results, options.workloads.map((w) => w.name), options.quick, byRound);
  if (!summary.segmentsAgree) log('warning: parsers disagree on the number of segments; see the "segments" fields');
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Two rounds of one parser on one workload: the faster figures, the larger peak RSS, any failure. */
function better(a: ResultLine, b: ResultLine): ResultLine {
  if (b.error !== undefined) return b;
  const faster = (b.mbPerSec ?? 0) > (a.mbPerSec ?? 0) ? b : a;
  const cold = Math.max(a.coldMbPerSec ?? 0, b.coldMbPerSec ?? 0);
  const peak = Math.max(a.peakRssMb ?? 0, b.peakRssMb ?? 0);
  return { ...faster, runs: a.runs + b.runs, rounds: (a.rounds ?? 1) + 1, peakRssMb: peak > 0 ? peak : null, ...(cold > 0 ? { coldMbPerSec: cold } : {}) };
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') {
    const [, parser, file, runs, warmUp] = argv;
    if (parser === undefined || !isParserName(parser) || file === undefined) throw new Error(`bad child arguments: ${argv.join(' ')}`);
    return runChild(parser, file, Number(runs ?? 1), Number(warmUp ?? 0));
  }
  return runAll(parseOptions(argv));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  log(`parse.bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
