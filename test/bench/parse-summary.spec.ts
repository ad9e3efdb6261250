import { ResultLine, summarize } from '../../bench/parse-summary';
import { ParserName } from '../../bench/parse-runners';

/** A result line of `parser` on `workload` at `mbPerSec` (peak RSS 60 MB unless given). */
function line(parser: ParserName, workload: string, mbPerSec: number | null, extra: Partial<ResultLine> = {}): ResultLine {
  return { parser, workload, bytes: 1e6, mbPerSec, peakRssMb: 60, ms: 10, runs: 5, warm: true, segments: 100, ...extra };
}

describe('parse benchmark summary', () => {
  it('compares the stream parse with the faster plain tokenizer of each workload', () => {
    const results = [
      line('tradewire-stream', 'a', 120), line('baseline', 'a', 150), line('baseline-bytes', 'a', 200), line('node-x12', 'a', 10),
      line('tradewire-stream', 'b', 120), line('baseline', 'b', 180), line('baseline-bytes', 'b', 160), line('node-x12', 'b', 12.5),
    ];
    const summary = summarize(results, ['a', 'b'], false);

    expect(summary.workloads.a).toMatchObject({ streamVsBaseline: 0.6, baselineParser: 'baseline-bytes', streamVsNodeX12: 12 });
    expect(summary.workloads.b).toMatchObject({ streamVsBaseline: 0.67, baselineParser: 'baseline', streamVsNodeX12: 9.6 });
    expect(summary.targets.streamAtLeast60PercentOfBaseline).toEqual({ holds: true, failing: [], notComparable: [] });
    expect(summary.targets.streamAtLeast10xNodeX12).toEqual({ holds: false, failing: ['b'], notComparable: [] });
  });

  it('counts a workload where node-x12 failed as not comparable, not as a pass', () => {
    const results = [
      line('tradewire-stream', 'x-100mb', 150, { peakRssMb: 151 }), line('baseline-bytes', 'x-100mb', 300),
      line('node-x12', 'x-100mb', null, { error: 'out of memory' }),
    ];
    const summary = summarize(results, ['x-100mb'], false);

    expect(summary.targets.streamAtLeast10xNodeX12).toEqual({ holds: null, failing: [], notComparable: ['x-100mb'] });
    expect(summary.targets.streamAtLeast60PercentOfBaseline.failing).toEqual(['x-100mb']);
    expect(summary.targets.streamPeakRssUnder150MbOn100MbFiles).toEqual({ holds: false, failing: ['x-100mb'], notComparable: [] });
    expect(summary.workloads['x-100mb'].nodeX12Error).toBe('out of memory');
  });

  it('gives each round its own ratio, against the fastest plain tokenizer of that round', () => {
    const round1 = [line('tradewire-stream', 'a', 130), line('baseline', 'a', 200), line('baseline-bytes', 'a', 190)];
    const round2 = [line('baseline-bytes', 'a', 260), line('baseline', 'a', 170), line('tradewire-stream', 'a', 140)];
    const best = [line('tradewire-stream', 'a', 140), line('baseline', 'a', 200), line('baseline-bytes', 'a', 260)];
    const summary = summarize(best, ['a'], false, [round1, round2]);

    // The verdict takes each parser's best round: 140 / 260. Round by round: 130 / 200, 140 / 260.
    expect(summary.workloads.a.streamVsBaseline).toBe(0.54);
    expect(summary.workloads.a.streamVsBaselineByRound).toEqual([0.65, 0.54]);
  });

  it('leaves a round out of the per-round ratios when it measured no stream parse there', () => {
    const summary = summarize([line('tradewire-stream', 'a', 100), line('baseline', 'a', 100)], ['a'], true, [[line('baseline', 'a', 100)]]);

    expect(summary.workloads.a.streamVsBaselineByRound).toEqual([]);
    expect(summary.workloads.a.streamVsBaseline).toBe(1);
  });
});
