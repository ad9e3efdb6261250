import { PartnerProfile } from '@tradewire/partners';

/** The transports a delivery can go by: the `transport` column of `deliveries` allows exactly these. */
export type TransportName = 'sftp' | 'as2';

/** A document we send, as stored by intake (acknowledgments now; 940, 846 and 856 later). */
export interface OutboundDocument {
  readonly id: string;
  readonly partnerId: string;
  /** TA1, 997, 999, 940, …: chosen by our code, never by partner input. */
  readonly kind: string;
  readonly content: Buffer;
}

/**
 * One transport's way of handing a document to a partner. A deliverer must be safe to call again after
 * a failure at any point (the job retries), and never let the partner see half a document.
 */
export interface Deliverer {
  readonly transport: TransportName;
  /** Whether this partner's profile can be served by this transport. */
  accepts(profile: PartnerProfile): boolean;
  /** Where the document goes, for the delivery record (no credentials). */
  destination(document: OutboundDocument, profile: PartnerProfile): string;
  /**
   * Hands the document over. `awaiting-receipt`: sent, but only the partner's later receipt (an
   * asynchronous AS2 MDN) says whether it arrived; the delivery stays pending until `confirm`.
   */
  deliver(document: OutboundDocument, profile: PartnerProfile): Promise<void | 'awaiting-receipt'>;
}

/**
 * The file name we give an outbound document: `<kind>-<ISA13>-<id>.x12`. Every part is ours (the kind
 * is our code, ISA13 our control number, the id our UUID), filtered to letters and digits all the same.
 */
export function outboundFileName(document: OutboundDocument): string {
  const text = document.content.subarray(0, 120).toString('latin1');
  // ISA is fixed width: the element separator is the character at offset 3, ISA13 the 13th element.
  const control = text.startsWith('ISA') ? (text.split(text.charAt(3))[13] ?? '') : '';
  const clean = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
  return `${clean(document.kind)}-${clean(control) || 'noisa'}-${clean(document.id)}.x12`;
}
