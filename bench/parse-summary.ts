import { cpus } from 'os';
import { ParserName, PLAIN_PARSERS } from './parse-runners';

/** One result line of the parse benchmark. `mbPerSec` and `peakRssMb` are in units of 10^6 bytes. */
export interface ResultLine {
  readonly parser: ParserName;
  readonly workload: string;
  readonly bytes: number;
  readonly mbPerSec: number | null;
  readonly peakRssMb: number | null;
  /** Best wall time of one parse, ms (time until failure when `error` is set). */
  readonly ms: number;
  readonly runs: number;
  /** Rounds of the whole run this line is the best of (absent: one). */
  readonly rounds?: number;
  /** True when `mbPerSec` was measured after a warm-up pass in the same process. */
  readonly warm: boolean;
  /** Throughput of the first (cold) pass, when `warm` is true. */
  readonly coldMbPerSec?: number;
  readonly segments?: number;
  readonly diagnostics?: number;
  readonly error?: string;
}

export interface WorkloadSummary {
  readonly streamMbPerSec: number | null;
  /** tradewire-stream throughput / node-x12 throughput; null when node-x12 failed. */
  readonly streamVsNodeX12: number | null;
  /** tradewire-stream throughput / the fastest plain tokenizer's throughput (`baselineParser`). */
  readonly streamVsBaseline: number | null;
  /**
   * `streamVsBaseline` within each round alone (the stream parse against the fastest plain tokenizer
   * of the same round): how much the verdict of this run owes to the machine's minute.
   */
  readonly streamVsBaselineByRound: number[];
  /** The plain tokenizer that was fastest on this workload in this run. */
  readonly baselineParser: ParserName | null;
  /** The same two ratios for the first, cold parse of a fresh process (full run only), against the fastest cold. */
  readonly coldStreamVsNodeX12: number | null;
  readonly coldStreamVsBaseline: number | null;
  readonly streamPeakRssMb: number | null;
  readonly warm: boolean;
  /** Every parser that finished counted the same number of segments. */
  readonly segmentsAgree: boolean;
  readonly nodeX12Error?: string;
}

/** A target over workloads: `holds` is null when no workload could be compared. */
export interface TargetCheck {
  readonly holds: boolean | null;
  readonly failing: string[];
  readonly notComparable: string[];
}

export interface Summary {
  readonly summary: true;
  readonly mode: 'quick' | 'full';
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly workloads: Record<string, WorkloadSummary>;
  readonly targets: {
    readonly streamAtLeast10xNodeX12: TargetCheck;
    readonly streamAtLeast60PercentOfBaseline: TargetCheck;
    readonly streamPeakRssUnder150MbOn100MbFiles: TargetCheck;
  };
  readonly segmentsAgree: boolean;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null || b === 0 ? null : round(a / b, 2);
}

/** The plain tokenizer with the highest `field` among `lines`. */
function fastestPlain(lines: readonly ResultLine[], field: 'mbPerSec' | 'coldMbPerSec'): ResultLine | undefined {
  return lines.filter((l) => PLAIN_PARSERS.includes(l.parser) && l[field] != null).sort((a, b) => (b[field] ?? 0) - (a[field] ?? 0))[0];
}

function streamVsFastestPlain(lines: readonly ResultLine[]): number | null {
  return ratio(lines.find((l) => l.parser === 'tradewire-stream')?.mbPerSec, fastestPlain(lines, 'mbPerSec')?.mbPerSec);
}

function summarizeWorkload(lines: readonly ResultLine[], rounds: ReadonlyArray<readonly ResultLine[]>): WorkloadSummary {
  const by = (p: ParserName): ResultLine | undefined => lines.find((l) => l.parser === p);
  const stream = by('tradewire-stream');
  const nodeX12 = by('node-x12');
  const baseline = fastestPlain(lines, 'mbPerSec');
  const segments = new Set(lines.filter((l) => l.segments !== undefined).map((l) => l.segments));
  return {
    streamMbPerSec: stream?.mbPerSec ?? null,
    streamVsNodeX12: ratio(stream?.mbPerSec, nodeX12?.mbPerSec),
    streamVsBaseline: ratio(stream?.mbPerSec, baseline?.mbPerSec),
    streamVsBaselineByRound: rounds.map(streamVsFastestPlain).filter((r) => r !== null),
    baselineParser: baseline?.parser ?? null,
    coldStreamVsNodeX12: ratio(stream?.coldMbPerSec, nodeX12?.coldMbPerSec),
    coldStreamVsBaseline: ratio(stream?.coldMbPerSec, fastestPlain(lines, 'coldMbPerSec')?.coldMbPerSec),
    streamPeakRssMb: stream?.peakRssMb ?? null,
    warm: stream?.warm ?? false,
    segmentsAgree: segments.size <= 1,
    ...(nodeX12?.error === undefined ? {} : { nodeX12Error: nodeX12.error }),
  };
}

function check(entries: ReadonlyArray<[string, boolean | null]>): TargetCheck {
  const failing = entries.filter(([, ok]) => ok === false).map(([w]) => w);
  const notComparable = entries.filter(([, ok]) => ok === null).map(([w]) => w);
  const measured = entries.length - notComparable.length;
  return { holds: measured === 0 ? null : failing.length === 0, failing, notComparable };
}

/**
 * The last line: ratios per workload and whether the targets of the parse issue hold. `results`:
 * each parser's best round; `byRound`: every line each round measured (default: `results` as one).
 */
export function summarize(results: readonly ResultLine[], workloadNames: readonly string[], quick: boolean, byRound: ReadonlyArray<readonly ResultLine[]> = [results]): Summary {
  const workloads: Record<string, WorkloadSummary> = {};
  for (const name of workloadNames) {
    const of = (lines: readonly ResultLine[]) => lines.filter((r) => r.workload === name);
    workloads[name] = summarizeWorkload(of(results), byRound.map(of));
  }
  const entries = Object.entries(workloads);
  const large = entries.filter(([name]) => name.endsWith('-100mb'));
  return {
    summary: true,
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    workloads,
    targets: {
      // A workload where node-x12 fails (out of heap) is listed as not comparable, not as a pass.
      streamAtLeast10xNodeX12: check(entries.map(([n, s]) => [n, s.streamVsNodeX12 === null ? null : s.streamVsNodeX12 >= 10])),
      streamAtLeast60PercentOfBaseline: check(entries.map(([n, s]) => [n, s.streamVsBaseline === null ? null : s.streamVsBaseline >= 0.6])),
      streamPeakRssUnder150MbOn100MbFiles: check(large.map(([n, s]) => [n, s.streamPeakRssMb === null ? null : s.streamPeakRssMb < 150])),
    },
    segmentsAgree: entries.every(([, s]) => s.segmentsAgree),
  };
}
