import { AcknowledgmentReading } from '@tradewire/x12';

const STATUS: Record<string, string> = { A: 'accepted', E: 'accepted with errors', P: 'partially accepted', R: 'rejected', M: 'rejected (MAC failed)', W: 'rejected (assurance failed)', X: 'rejected (content could not be analyzed)' };

/** One line per acknowledged interchange, group and transaction set, with the error codes. */
export function humanAckReading(reading: AcknowledgmentReading): string {
  const lines: string[] = [];
  for (const t of reading.interchanges) lines.push(`TA1 for interchange ${t.control}: ${STATUS[t.status] ?? t.status} (note ${t.noteCode})`);
  for (const g of reading.functionalGroups) {
    const counts = `${g.accepted ?? '?'} of ${g.received ?? '?'} sets accepted`;
    lines.push(`${g.type} for group ${g.functionalId} ${g.control}: ${STATUS[g.status] ?? g.status}, ${counts}${g.errors.length ? `, group errors ${g.errors.join(',')}` : ''}`);
    for (const t of g.transactions) {
      lines.push(`  ${t.set} ${t.control}: ${STATUS[t.status] ?? t.status}${t.errors.length ? ` (codes ${t.errors.join(',')})` : ''}`);
      for (const s of t.segments) {
        lines.push(`    ${s.tag} at position ${s.position}${s.loop ? ` in loop ${s.loop}` : ''}: segment error ${s.code ?? '-'}`);
        for (const e of s.elements) lines.push(`      element ${e.position}${e.component ? `-${e.component}` : ''} (${e.ref || '?'}): error ${e.code}${e.value ? ` "${e.value}"` : ''}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
