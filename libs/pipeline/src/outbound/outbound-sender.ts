import { randomUUID } from 'crypto';
import { CanonicalEvent } from '@tradewire/canonical';
import { MappingContext, outboundInterchange, renderX12, translateDocument } from '@tradewire/mapping';
import { PartnerProfile } from '@tradewire/partners';
import { ControlNumbers } from '@tradewire/persistence';
import { parseX12, TransactionSetDocument } from '@tradewire/x12';
import { EntityManager } from 'typeorm';

/** A document we are sending, as stored: its controls, and the event a replay of it would give. */
export interface OutboundSent {
  readonly outboundDocumentId: string;
  readonly partnerId: string;
  readonly set: string;
  readonly interchangeControl: string;
  readonly groupControl: string;
  readonly transactionControl: string;
  /** The canonical event read back from the text we send (its key is the document's own). */
  readonly event: CanonicalEvent | null;
}

/**
 * Writes one transaction set for a partner inside the caller's transaction: ISA13, GS06 and ST02
 * from the partner's ranges (allocated in the same transaction, so a refused send uses no number),
 * the interchange in the partner's delimiters, stored in outbound_documents with its controls. The
 * text is read back through the same mappers a replay uses, so the event applied for it carries the
 * key the document itself gives: replaying what we sent can never count twice.
 */
export async function storeOutbound(
  m: EntityManager, profile: PartnerProfile, set: string, at: Date,
  generate: (context: MappingContext, transactionControl: number) => TransactionSetDocument,
): Promise<OutboundSent> {
  const controls = new ControlNumbers(m.connection);
  const ranges = profile.controlNumbers;
  const [interchangeControl, groupControl, transactionControl] = await controls.nextAll(profile.id, [
    { kind: 'interchange', range: ranges.interchange }, { kind: 'group', range: ranges.group }, { kind: 'transaction', range: ranges.transaction },
  ], m);
  const transaction = generate(new MappingContext(profile, set, 'outbound'), transactionControl);
  const text = renderX12(outboundInterchange(profile, [transaction], { interchangeControl, groupControl, at: at.toISOString() }), profile);
  const parsed = parseX12(text, { keepSegments: true });
  const interchange = parsed.interchanges[0];
  const [outcome] = translateDocument(parsed, profile);
  const sent: OutboundSent = {
    outboundDocumentId: randomUUID(), partnerId: profile.id, set,
    interchangeControl: interchange.control, groupControl: interchange.groups[0].control, transactionControl: interchange.groups[0].transactions[0].control,
    event: outcome?.kind === 'event' ? outcome.event : null,
  };
  await m.query(
    `INSERT INTO outbound_documents (id, partner_id, kind, content, interchange_control, group_control, transaction_controls) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [sent.outboundDocumentId, profile.id, set, Buffer.from(text, 'latin1'), sent.interchangeControl, sent.groupControl, [sent.transactionControl]],
  );
  return sent;
}
