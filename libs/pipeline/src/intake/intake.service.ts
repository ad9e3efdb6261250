import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PartnerProfile } from '@tradewire/partners';
import { ControlNumbers, DocumentStore, prepared } from '@tradewire/persistence';
import { baseCatalog, DocumentValidator, validationDiagnostics } from '@tradewire/specs';
import {
  buildFunctionalAck, buildInterchangeAck, Diagnostic, generateX12, hasErrors, InterchangeDocument, InterchangeEnvelope, parseX12, ParseResult,
  shouldSendTa1, TransactionSetEnvelope,
} from '@tradewire/x12';
import { ProfileRegistry } from '../profiles/profile-registry';

/** Enough of a file to hold its first ISA (106 characters), with room for a BOM, blank lines or wide IDs before it. */
const HEAD_BYTES = 512;

/** What intake leaves for the next steps: the sets to translate, and the acknowledgments to deliver (for a partner with a transport). */
export interface IntakeOutcome {
  readonly accepted: string[];
  readonly deliverable: string[];
}

/** Why intake stopped: a permanent failure, recorded on the document (the job is not retried). */
export class IntakeRefusal extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

/**
 * Stage 1: parse the stored bytes, find the partner, enforce its duplicate policy (in the database),
 * validate every transaction set, store the acknowledgments we owe, and say which sets go on to
 * translation. Everything is recorded before the next stage is asked to run.
 */
export class IntakeService {
  private readonly documents: DocumentStore;
  private readonly controls: ControlNumbers;

  constructor(private readonly dataSource: DataSource, private readonly profiles: ProfileRegistry, private readonly now: () => Date = () => new Date()) {
    this.documents = new DocumentStore(dataSource);
    this.controls = new ControlNumbers(dataSource);
  }

  /** The IDs of the accepted transaction sets to translate (see intakeDocument). */
  async intake(documentId: string): Promise<string[]> {
    return (await this.intakeDocument(documentId)).accepted;
  }

  /**
   * Returns the IDs of the accepted transaction sets to translate, and the acknowledgments to deliver.
   * Everything intake writes commits in one transaction: a worker killed half-way leaves nothing
   * behind, and the job simply runs again. A job that finds intake already done (killed after the
   * commit, before queueing the next stage) returns the same sets again; queueing them twice is
   * harmless (job IDs are business keys).
   */
  async intakeDocument(documentId: string): Promise<IntakeOutcome> {
    const [doc] = await prepared<{ status: string; partner_id: string | null; content: Buffer }>(
      this.dataSource,
      `SELECT d.status, d.partner_id, r.content FROM documents d JOIN raw_documents r ON r.id = d.id WHERE d.id = $1`,
      [documentId],
    );
    if (doc === undefined) throw new IntakeRefusal('UNKNOWN_DOCUMENT', `no document ${documentId}`);
    if (doc.status !== 'received') return this.alreadyDone(documentId);
    const bytes = doc.content;
    // The partner is named in the first ISA: read from the file's head, so that a big file is parsed
    // once, with validation, not twice. The head counts only when its first interchange got as far as
    // a GS (so its ISA was whole); a file refused here is parsed whole, for its diagnostics.
    const head = parseX12(bytes.subarray(0, HEAD_BYTES)).interchanges[0];
    const first = head !== undefined && head.groups.length > 0 ? head : parseX12(bytes).interchanges[0];
    const refuse = (code: string, reason: string) => this.fail(documentId, code, reason, parseX12(bytes).diagnostics);
    if (first === undefined) return refuse('NO_INTERCHANGE', 'no readable interchange in the file');
    const profile = this.profiles.forInterchange({ qualifier: first.senderQualifier, id: first.sender }, { qualifier: first.receiverQualifier, id: first.receiver });
    if (profile === undefined) return refuse('UNKNOWN_PARTNER', `no partner profile for ${first.senderQualifier}/${first.sender} → ${first.receiverQualifier}/${first.receiver}`);
    // A file that came in through one partner's mailbox, AS2 identity or upload URL speaks for that
    // partner only: interchanges carrying another partner's IDs are refused, not filed under them.
    if (doc.partner_id !== null && doc.partner_id !== profile.id) return refuse('PARTNER_MISMATCH', `received from ${doc.partner_id}, but the interchange is ${profile.id}'s (${first.senderQualifier}/${first.sender})`);
    const validator = new DocumentValidator(baseCatalog(), (set, version) => guideFor(this.profiles, profile, set, version));
    const result = parseX12(bytes, { keepSegments: 'transient', onTransactionSet: validator.onTransactionSet });
    const findings = [...result.diagnostics, ...[...validator.results].flatMap(([tx, v]) => validationDiagnostics(tx, v))];
    const outcome = await this.dataSource.transaction(async (m): Promise<IntakeOutcome | IntakeRefusal | 'done'> => {
      // The document's row first: a second job for the same document waits here, then finds it done.
      const from = await this.documents.lock(m, documentId);
      if (from !== 'received') return 'done';
      const recorded = await this.recordInterchanges(m, documentId, profile, result, validator);
      if (recorded === 'duplicate') return this.refuseDuplicate(m, documentId, profile, result);
      const none = recorded.length === 0;
      await this.documents.moveAlong(m, documentId, [
        { status: 'parsed' }, { status: 'acknowledged', reason: none ? 'no transaction set was accepted' : null },
        ...(none ? [{ status: 'failed' as const, reason: hasErrors(result.diagnostics) ? 'ENVELOPE_ERRORS' : 'NO_ACCEPTED_SETS' }] : []),
      ], { from, diagnostics: findings });
      // Last: drawing control numbers locks the partner's counters until the commit, and every other
      // intake for the partner waits for them (all in one transaction, so the order is not seen).
      const acknowledgments = await this.storeAcknowledgments(m, documentId, profile, result, validator);
      return { accepted: recorded, deliverable: profile.transports === undefined ? [] : acknowledgments };
    });
    if (outcome === 'done') return this.alreadyDone(documentId);
    if (outcome instanceof IntakeRefusal) throw outcome;
    return outcome;
  }

  private async alreadyDone(documentId: string): Promise<IntakeOutcome> {
    return { accepted: await this.alreadyAccepted(documentId), deliverable: await this.deliverable(documentId) };
  }

  /**
   * The outbound documents this document made (its acknowledgments) that are still to be delivered and
   * whose partner has a transport to deliver them by. Asked after intake commits, and again when a
   * job finds intake already done, so a crash between the commit and the enqueue loses nothing.
   */
  async deliverable(documentId: string): Promise<string[]> {
    const rows: Array<{ id: string; partner_id: string }> = await this.dataSource.query(`SELECT id, partner_id FROM outbound_documents WHERE in_reply_to = $1 AND status = 'pending' ORDER BY created_at, id`, [documentId]);
    return rows.filter((r) => this.profiles.byId(r.partner_id)?.transports !== undefined).map((r) => r.id);
  }

  private async alreadyAccepted(documentId: string): Promise<string[]> {
    const rows = await this.dataSource.query(`SELECT id FROM transaction_sets WHERE document_id = $1 AND status = 'accepted' ORDER BY position`, [documentId]);
    return rows.map((r: { id: string }) => r.id);
  }

  private async fail(documentId: string, code: string, reason: string, diagnostics: readonly Diagnostic[]): Promise<never> {
    await this.documents.moveTo(documentId, 'failed', `${code}: ${reason}`, [...diagnostics]);
    throw new IntakeRefusal(code, reason);
  }

  /** One row per interchange (the exclusion constraint refuses a duplicate) and per transaction set. */
  private async recordInterchanges(m: EntityManager, documentId: string, profile: PartnerProfile, result: ParseResult, validator: DocumentValidator): Promise<string[] | 'duplicate'> {
    const accepted: string[] = [];
    let position = 0;
    for (const ic of result.interchanges) {
      const interchangeId = await this.recordInterchange(m, documentId, profile, ic);
      if (interchangeId === 'duplicate') return 'duplicate';
      const rows: Array<[string, number, string, string, string, string, string]> = [];
      for (const group of ic.groups) {
        for (const tx of group.transactions) {
          position++;
          const ok = interchangeId.status === 'accepted' && transactionAccepted(tx, validator);
          const id = randomUUID();
          const v = validator.results.get(tx);
          rows.push([id, position, tx.set, tx.control, group.control, ok ? 'accepted' : 'rejected', JSON.stringify(v === undefined ? [] : validationDiagnostics(tx, v))]);
          if (ok) accepted.push(id);
        }
      }
      await insertTransactionSets(m, documentId, interchangeId.id, rows);
    }
    return accepted;
  }

  /**
   * The interchange's row, in one statement: the exclusion constraint refuses a second accepted copy
   * (ON CONFLICT DO NOTHING takes exclusion constraints too), and then the copy is recorded as a
   * duplicate. A concurrent copy waits for the first one's transaction and is then refused.
   */
  private async recordInterchange(m: EntityManager, documentId: string, profile: PartnerProfile, ic: InterchangeEnvelope): Promise<{ id: string; status: 'accepted' | 'duplicate' } | 'duplicate'> {
    const id = randomUUID();
    const at = this.now();
    const until = new Date(at.getTime() + profile.duplicates.windowDays * 86_400_000);
    const duplicates = await prepared(
      m,
      `WITH accepted AS (
         INSERT INTO interchanges (id, document_id, partner_id, sender_qualifier, sender_id, receiver_qualifier, receiver_id, control, interchange_date, received_at, duplicate_until, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'accepted') ON CONFLICT DO NOTHING RETURNING id
       )
       INSERT INTO interchanges (id, document_id, partner_id, sender_qualifier, sender_id, receiver_qualifier, receiver_id, control, interchange_date, received_at, duplicate_until, status)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'duplicate' WHERE NOT EXISTS (SELECT 1 FROM accepted) RETURNING id`,
      [id, documentId, profile.id, ic.senderQualifier, ic.sender, ic.receiverQualifier, ic.receiver, ic.control, ic.date, at, until],
    );
    if (duplicates.length === 0) return { id, status: 'accepted' };
    return profile.duplicates.policy === 'accept' ? { id, status: 'accepted' } : 'duplicate';
  }

  /** Reject or quarantine, by the partner's policy, in the same transaction; the refusal is thrown after it commits. */
  private async refuseDuplicate(m: EntityManager, documentId: string, profile: PartnerProfile, result: ParseResult): Promise<IntakeRefusal> {
    const ic = result.interchanges[0];
    const to = profile.duplicates.policy === 'quarantine' ? 'quarantined' : 'failed';
    const reason = `DUPLICATE_INTERCHANGE: ISA13 ${ic.control} from ${ic.senderQualifier}/${ic.sender} was already received`;
    await this.documents.moveAlong(m, documentId, [{ status: 'parsed' }, { status: to, reason }], { from: 'received', diagnostics: [...result.diagnostics] });
    return new IntakeRefusal('DUPLICATE_INTERCHANGE', `an interchange was already received (policy ${profile.duplicates.policy})`);
  }

  /** The TA1 and 997/999 the profile says we owe, stored as outbound documents for delivery. */
  private async storeAcknowledgments(m: EntityManager, documentId: string, profile: PartnerProfile, result: ParseResult, validator: DocumentValidator): Promise<string[]> {
    const policy = profile.acknowledgments;
    const stored: string[] = [];
    for (const ic of result.interchanges) {
      // Numbers are drawn only for what is sent (a TA1 has no group; a 997 is never acknowledged), so
      // none is skipped: the partner can check our ISA13/GS06 run for gaps.
      const envelope = (withGroup = true) => this.envelopeFor(m, profile, withGroup);
      if (shouldSendTa1(ic, policy.ta1)) stored.push(await this.storeOutbound(m, documentId, profile, 'TA1', buildInterchangeAck(ic, ic.diagnostics, await envelope(false))));
      if (policy.functional === 'none') continue;
      for (const group of ic.groups.filter((g) => g.functionalId !== 'FA')) {
        const verdicts = group.transactions.map((t) => ({ transaction: t, validation: validator.results.get(t), diagnostics: t.diagnostics }));
        const doc = buildFunctionalAck(ic, group, verdicts, group.diagnostics, { ...(await envelope()), type: policy.functional, includeAcceptedSets: policy.includeAcceptedSets, ...(policy.version ? { version: policy.version } : {}) });
        if (doc !== null) stored.push(await this.storeOutbound(m, documentId, profile, policy.functional, doc));
      }
    }
    return stored;
  }

  /** Our envelope for an acknowledgment: its interchange number and, unless it is a TA1, its group number, drawn together. */
  private async envelopeFor(m: EntityManager, profile: PartnerProfile, withGroup: boolean) {
    const ranges = profile.controlNumbers;
    const asked = [{ kind: 'interchange' as const, range: ranges.interchange }, ...(withGroup ? [{ kind: 'group' as const, range: ranges.group }] : [])];
    const [interchangeControl, groupControl] = await this.controls.nextAll(profile.id, asked, m);
    const codes = profile.interchange.applicationCodes;
    return {
      interchangeControl,
      ...(withGroup ? { groupControl } : {}),
      at: this.now(),
      sender: { ...profile.interchange.ours, ...(codes ? { applicationCode: codes.ours } : {}) },
      receiver: { ...profile.interchange.theirs, ...(codes ? { applicationCode: codes.theirs } : {}) },
    };
  }

  private async storeOutbound(m: EntityManager, documentId: string, profile: PartnerProfile, kind: string, doc: InterchangeDocument): Promise<string> {
    const content = generateX12(doc, { delimiters: profile.interchange.delimiters, lineBreak: profile.interchange.trailingNewline ? '\n' : '' });
    const group = doc.groups[0];
    const id = randomUUID();
    await prepared(
      m,
      `INSERT INTO outbound_documents (id, partner_id, kind, in_reply_to, content, interchange_control, group_control, transaction_controls) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, profile.id, kind, documentId, Buffer.from(content, 'latin1'), String(doc.control).padStart(9, '0'), group === undefined ? null : String(group.control), group?.transactions.map((t) => String(t.control)) ?? []],
    );
    return id;
  }
}

/** An interchange's transaction sets in one statement (a file of 10,000 sets is one round trip, not 10,000). */
async function insertTransactionSets(m: EntityManager, documentId: string, interchangeId: string, rows: ReadonlyArray<readonly [string, number, string, string, string, string, string]>): Promise<void> {
  if (rows.length === 0) return;
  await prepared(
    m,
    `INSERT INTO transaction_sets (id, document_id, interchange_id, position, set_id, control, group_control, status, findings)
     SELECT u.id, $1, $2, u.position, u.set_id, u.control, u.group_control, u.status, u.findings::jsonb
     FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(id, position, set_id, control, group_control, status, findings)`,
    [documentId, interchangeId, ...[0, 1, 2, 3, 4, 5, 6].map((i) => rows.map((r) => r[i]))],
  );
}

/** A set goes on when its envelope and content are clean: the same verdict its acknowledgment gives. */
function transactionAccepted(tx: TransactionSetEnvelope, validator: DocumentValidator): boolean {
  const v = validator.results.get(tx);
  return tx.closed && !hasErrors(tx.diagnostics) && v !== undefined && v.segments.length === 0 && v.transactionErrors.length === 0;
}

function guideFor(profiles: ProfileRegistry, profile: PartnerProfile, set: string, version: string) {
  const entry = profile.transactionSets.find((t) => t.set === set && t.version === version && t.direction === 'inbound');
  return entry?.guide === undefined ? undefined : profiles.guides.get(entry.guide);
}
