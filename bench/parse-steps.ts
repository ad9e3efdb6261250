import { readFileSync } from 'fs';
import { Diagnostic, Segment, SegmentSink, SegmentTokenizer } from '@tradewire/x12';
import { ArrayTokenizer, CHUNK_BYTES, ElementReader } from './parse-runners';
import { baselineBytes, tradewireStream } from './parse-ab';
import { reshape } from './x12-reshape';

/**
 * Usage: node dist/bench/parse-steps.js FILE [--rounds n] [--shape file|one-interchange|one-set] [--steps a,b]
 *
 * Where the time of a streaming parse goes, step by step, in one process and from the file's 64 KiB
 * chunks in memory: the byte loop (the bar), the byte loop delivering element arrays (the floor of
 * any parser whose caller reads elements), our tokenizer alone, and the whole stream parse. Each is
 * timed `rounds` times, interleaved, after warm-up parses. Prints one JSON line: each step's fastest
 * and median parse (ms) and its ratio to the byte loop.
 *
 * `--shape` rewrites the file in memory first, to separate costs by envelope: `one-interchange` moves
 * every transaction set into the first interchange and group (ISA, GS, GE and IEA of the others
 * dropped, ST02/SE02 renumbered so that they stay unique); `one-set` moves every data segment into
 * one transaction set. The file must use `~` and line feeds between segments, as the benchmark's do.
 * `--steps` runs only some of the steps (`bytes` always runs, as the reference), e.g. under a profiler.
 */

type Step = (chunks: readonly Buffer[]) => number;

/** Reads elements of every segment but the ISA, as the parser's listener would (it never sees the ISA). */
class ReadingSink implements SegmentSink {
  readonly reader = new ElementReader();

  onSegment(segment: Segment): void {
    if (segment.tag !== 'ISA') this.reader.onSegment(segment);
  }

  onDiagnostic(_diagnostic: Diagnostic): void {}
}

const STEPS: Record<string, Step> = {
  bytes: baselineBytes,
  arrays: (chunks) => {
    const tokenizer = new ArrayTokenizer();
    for (const chunk of chunks) tokenizer.push(chunk);
    tokenizer.end();
    return tokenizer.segments + tokenizer.checksum;
  },
  tokenizer: (chunks) => {
    const sink = new ReadingSink();
    const tokenizer = new SegmentTokenizer(sink, {}, { splitElements: true });
    for (const chunk of chunks) tokenizer.pushBytes(chunk);
    tokenizer.end();
    return sink.reader.checksum;
  },
  stream: tradewireStream,
};

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

function main(args: readonly string[]): void {
  const file = args[0];
  if (file === undefined || file.startsWith('--')) throw new Error('usage: node dist/bench/parse-steps.js FILE [--rounds n] [--shape file|one-interchange|one-set] [--steps a,b]');
  const rounds = Number(option(args, '--rounds', '40'));
  const shape = option(args, '--shape', 'file');
  const data = Buffer.from(reshape(readFileSync(file, 'latin1'), shape), 'latin1');
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += CHUNK_BYTES) chunks.push(Buffer.from(data.subarray(at, at + CHUNK_BYTES)));
  const names = ['bytes', ...option(args, '--steps', Object.keys(STEPS).join(',')).split(',').filter((n) => n !== 'bytes')];
  for (const name of names) if (STEPS[name] === undefined) throw new Error(`no step ${name}: ${Object.keys(STEPS).join(', ')}`);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < 15; i++) for (const name of names) STEPS[name](chunks);
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      const started = process.hrtime.bigint();
      STEPS[name](chunks);
      times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const sorted = (name: string) => [...times[name]].sort((a, b) => a - b);
  const best = (name: string) => sorted(name)[0];
  const median = (name: string) => sorted(name)[Math.floor((rounds - 1) / 2)];
  const steps = Object.fromEntries(names.map((n) => [n, {
    minMs: +best(n).toFixed(2), medianMs: +median(n).toFixed(2),
    vsBytes: +(best('bytes') / best(n)).toFixed(3), vsBytesMedian: +(median('bytes') / median(n)).toFixed(3),
  }]));
  console.log(JSON.stringify({ file, shape, bytes: data.length, rounds, steps }));
}

main(process.argv.slice(2));
