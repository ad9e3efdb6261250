import { Delimiters } from '../delimiters/delimiters';
import { FunctionalGroupEnvelope, InterchangeEnvelope, ParseResult, TransactionSetEnvelope } from '../envelope/envelope';
import { Segment } from '../tokenizer/segment';
import { ElementValue, FunctionalGroupDocument, InterchangeDocument, SegmentData, TransactionSetDocument } from './document';

/**
 * Turns a parse result (parsed with `keepSegments: true`) back into the generator's document model:
 * the way to re-envelope, re-delimit or round-trip a file.
 */
export function documentsFromParse(result: ParseResult): InterchangeDocument[] {
  return result.interchanges.map(interchangeDocument);
}

function interchangeDocument(ic: InterchangeEnvelope): InterchangeDocument {
  return {
    authorizationQualifier: ic.authorizationQualifier,
    authorization: ic.authorization,
    securityQualifier: ic.securityQualifier,
    security: ic.security,
    senderQualifier: ic.senderQualifier,
    sender: ic.sender,
    receiverQualifier: ic.receiverQualifier,
    receiver: ic.receiver,
    date: ic.date,
    time: ic.time,
    version: ic.version,
    control: ic.control,
    ackRequested: ic.ackRequested === '1',
    usage: ic.usage === 'T' ? 'T' : 'P',
    interchangeAcknowledgments: ic.acknowledgments.map((a): SegmentData => ['TA1', a.control, a.date, a.time, a.ackCode, a.noteCode]),
    groups: ic.groups.map(groupDocument),
  };
}

function groupDocument(g: FunctionalGroupEnvelope): FunctionalGroupDocument {
  return {
    functionalId: g.functionalId,
    sender: g.sender,
    receiver: g.receiver,
    date: g.date,
    time: g.time,
    control: g.control,
    agency: g.agency,
    version: g.version,
    transactions: g.transactions.map(transactionDocument),
  };
}

function transactionDocument(t: TransactionSetEnvelope): TransactionSetDocument {
  if (t.segments === undefined) throw new Error('documentsFromParse needs a result parsed with keepSegments: true');
  const body = t.segments.filter((s) => s.tag !== 'ST' && s.tag !== 'SE');
  return {
    set: t.set,
    control: t.control,
    ...(t.implementationReference === null ? {} : { implementationReference: t.implementationReference }),
    segments: body.map(segmentData),
  };
}

/** A segment's elements, with composites and repetitions split so that no delimiter is left in data. */
export function segmentData(segment: Segment): SegmentData {
  const [tag, ...elements] = segment.elements;
  return [tag, ...elements.map((e) => elementValue(e, segment.delimiters))];
}

function elementValue(value: string, d: Delimiters): ElementValue {
  if (d.repetition !== null && value.includes(d.repetition)) {
    return value.split(d.repetition).map((r) => (d.component === null ? [r] : r.split(d.component)));
  }
  if (d.component !== null && value.includes(d.component)) return value.split(d.component);
  return value;
}
