import { describeCharacter } from '@tradewire/x12';
import { ReportInput } from './json-report';

/** A short tree of the envelope, then each diagnostic as `file:line: CODE: message [severity]`. */
export function humanReport(file: string, result: ReportInput): string {
  const lines: string[] = [];
  lines.push(`${file}: ${result.bytes} bytes, ${result.segmentCount} segments`);
  for (const ic of result.interchanges) {
    const d = ic.delimiters;
    lines.push(
      `  interchange ${ic.control} ${ic.senderQualifier}/${ic.sender} -> ${ic.receiverQualifier}/${ic.receiver} ` +
        `version ${ic.version} ${ic.usage === 'T' ? 'test' : 'production'} ${ic.date} ${ic.time}` +
        ` (element ${describeCharacter(d.element)}, component ${describeCharacter(d.component)}, repetition ${describeCharacter(d.repetition)}, segment ${describeCharacter(d.segment)})`,
    );
    for (const a of ic.acknowledgments) lines.push(`    TA1 for ${a.control}: ${a.ackCode} (note ${a.noteCode})`);
    for (const g of ic.groups) {
      lines.push(`    group ${g.functionalId} ${g.control} ${g.sender} -> ${g.receiver} version ${g.version}`);
      for (const t of g.transactions) lines.push(`      ${t.set} ${t.control}: ${t.segmentCount} segments${t.closed ? '' : ' (no SE)'}`);
    }
  }
  for (const t of result.fragments) lines.push(`  fragment ${t.set} ${t.control}: ${t.segmentCount} segments (no envelope)`);
  for (const d of result.diagnostics) lines.push(`${file}:${d.line}: ${d.code}: ${d.message} [${d.severity}]`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(`${errors === 0 ? 'ok' : 'errors'}: ${errors} error(s), ${warnings} warning(s)`);
  return lines.join('\n') + '\n';
}
