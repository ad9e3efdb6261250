import { PartnerProfile } from '@tradewire/partners';
import { baseCatalog, DocumentValidator, GuideFile, validationDiagnostics, ValidationDiagnostic } from '@tradewire/specs';
import { translateDocument, TranslationOutcome } from '@tradewire/mapping';
import { buildFunctionalAck, buildInterchangeAck, Diagnostic, generateX12, InterchangeDocument, parseX12, shouldSendTa1 } from '@tradewire/x12';

export interface DryRunResult {
  /** Envelope diagnostics and transaction-set findings, located. */
  readonly diagnostics: ReadonlyArray<Diagnostic | ValidationDiagnostic>;
  /** The TA1/997/999 we would send, as X12 (control numbers 1, 2, … : nothing is allocated). */
  readonly acknowledgments: string;
  /** The canonical events, or why a set gives none. */
  readonly outcomes: readonly TranslationOutcome[];
}

/**
 * Onboarding's dry run: what the gateway would make of a file for this partner (validation, the
 * acknowledgment, the events) without storing, queueing or applying anything.
 */
export function dryRun(bytes: Buffer, profile: PartnerProfile, guides: ReadonlyMap<string, GuideFile>, at: Date = new Date()): DryRunResult {
  const validator = new DocumentValidator(baseCatalog(), (set, version) => {
    const entry = profile.transactionSets.find((t) => t.set === set && t.version === version && t.direction === 'inbound');
    return entry?.guide === undefined ? undefined : guides.get(entry.guide);
  });
  const result = parseX12(bytes, { keepSegments: true, onTransactionSet: validator.onTransactionSet });
  const diagnostics = [...result.diagnostics, ...[...validator.results].flatMap(([tx, v]) => validationDiagnostics(tx, v))].sort((a, b) => a.offset - b.offset);
  const docs: InterchangeDocument[] = [];
  const policy = profile.acknowledgments;
  for (const ic of result.interchanges) {
    const envelope = () => ({ interchangeControl: docs.length + 1, at, sender: profile.interchange.ours, receiver: profile.interchange.theirs });
    if (shouldSendTa1(ic, policy.ta1)) docs.push(buildInterchangeAck(ic, ic.diagnostics, envelope()));
    if (policy.functional === 'none') continue;
    for (const group of ic.groups) {
      const verdicts = group.transactions.map((t) => ({ transaction: t, validation: validator.results.get(t), diagnostics: t.diagnostics }));
      const ack = buildFunctionalAck(ic, group, verdicts, group.diagnostics, { ...envelope(), type: policy.functional, includeAcceptedSets: policy.includeAcceptedSets });
      if (ack !== null) docs.push(ack);
    }
  }
  const acknowledgments = docs.length === 0 ? '' : generateX12(docs, { delimiters: profile.interchange.delimiters, lineBreak: '\n' });
  return { diagnostics, acknowledgments, outcomes: translateDocument(result, profile) };
}
