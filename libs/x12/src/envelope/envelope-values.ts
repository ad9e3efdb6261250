import { detach } from '../text/detach';

/** Distinct values remembered; past this the memory starts afresh, so odd inputs cannot grow it. */
const MAX_REMEMBERED = 1024;

/**
 * Envelope values that repeat from one interchange to the next (qualifiers, partner IDs, versions,
 * dates, functional IDs) are kept once per parse and shared by the envelopes that carry them. A
 * result of many small interchanges otherwise retains a fresh copy of each, and retained strings
 * are what garbage collection pays for (bench/README.md, small-10k). Control numbers, which differ
 * every time, are not passed through here.
 */
export class EnvelopeValues {
  private readonly known = new Map<string, string>();

  /** `value` itself, or the equal string an earlier envelope already holds. */
  share(value: string): string {
    const known = this.known.get(value);
    if (known !== undefined) return known;
    const kept = detach(value);
    if (this.known.size >= MAX_REMEMBERED) this.known.clear();
    this.known.set(kept, kept);
    return kept;
  }
}
