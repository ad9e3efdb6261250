/**
 * The segments of a benchmark file rearranged, to separate a parser's costs by envelope
 * (`bench/parse-steps.ts --shape`). The file must use `~` and a line feed after every segment, as the
 * benchmark's files do.
 *
 * - `file`: unchanged.
 * - `one-interchange`: every transaction set moved into the first interchange and group: the other
 *   ISA, GS, GE and IEA dropped, ST02/SE02 renumbered so that they stay unique in the group.
 * - `one-set`: every data segment moved into one transaction set.
 */
const ENVELOPE_OUTSIDE_SETS = /^(ISA|GS|GE|IEA)\*/;

export function reshape(text: string, shape: string): string {
  if (shape === 'file') return text;
  const segments = text.split('~\n').filter((s) => s.length > 0);
  const [isa, gs] = segments;
  const body: string[] = [];
  let sets = 0;
  if (shape === 'one-interchange') {
    for (const s of segments) {
      if (ENVELOPE_OUTSIDE_SETS.test(s)) continue;
      if (s.startsWith('ST*')) sets++;
      body.push(s.startsWith('ST*') || s.startsWith('SE*') ? s.replace(/\*[^*]*$/, `*${String(sets).padStart(9, '0')}`) : s);
    }
  } else if (shape === 'one-set') {
    const data = segments.filter((s) => !ENVELOPE_OUTSIDE_SETS.test(s) && !s.startsWith('ST*') && !s.startsWith('SE*'));
    sets = 1;
    body.push('ST*945*0001', ...data, `SE*${data.length + 2}*0001`);
  } else {
    throw new Error(`--shape takes file, one-interchange or one-set, not ${shape}`);
  }
  const control = isa.split('*')[13];
  const groupControl = gs.split('*')[6];
  return [isa, gs, ...body, `GE*${sets}*${groupControl}`, `IEA*1*${control}`].map((s) => `${s}~\n`).join('');
}

