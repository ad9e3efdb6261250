import { DecimalString } from '@tradewire/canonical';
import { SegmentData, TransactionSetDocument } from '@tradewire/x12';
import { MappingContext } from '../context/mapping-context';
import { AVAILABILITY_UNIT, AVAILABLE_FOR_SALE, ORIGINAL, REPORT_TYPE, WAREHOUSE } from './outbound-codes';
import { checkOutboundContext } from './outbound-input';
import { throwIfProblems } from './outbound-mapping.error';
import { outboundItem } from './partner-items';
import { hashTotal, transactionControl, x12Quantity, x12Timestamp } from './x12-values';

/** One item's sellable quantity, in our base unit (each). */
export interface ChannelAvailabilityLine {
  readonly sku: string;
  /** Exact decimal text, as every canonical quantity. */
  readonly available: DecimalString;
  /** Our location, when the channel takes availability per location. */
  readonly location?: string;
}

/**
 * What a sales channel may sell, as of a time: the input of an outbound 846. Not an event (nothing
 * happened to stock; it is a view computed from the ledger), so it lives here rather than in the
 * canonical event contracts.
 */
export interface ChannelAvailability {
  /** The channel's partner profile id. */
  readonly channel: string;
  /** ISO date-time the figures are valid at. */
  readonly asOf: string;
  readonly lines: readonly ChannelAvailabilityLine[];
}

/**
 * ChannelAvailability → 846 Inventory Inquiry/Advice for a marketplace:
 *
 *   BIA*00*DD*{reference}*{as-of date}*{as-of time}
 *   LIN**{partner item qualifier}*{partner item ID}  QTY*33*{available}*EA  [N1*WH**{qualifier}*{location code}]   (per line)
 *   CTT*{number of LIN}*{hash total of QTY02}
 *
 * BIA03 defaults to the as-of time (CCYYMMDDHHMM[SS]): unique per channel and deterministic. Every
 * problem is collected and thrown together as an OutboundMappingError.
 */
export function generateAvailability(input: ChannelAvailability, context: MappingContext, control: string | number, reference?: string): TransactionSetDocument {
  const problems = checkOutboundContext(context, '846');
  if (input.channel !== context.profile.id) problems.push(`the availability is for channel ${input.channel}, not ${context.profile.id}`);
  if (input.lines.length === 0) problems.push('no lines: the 846 LIN loop is mandatory');
  const asOf = x12Timestamp(input.asOf, 'asOf', problems);
  const body: SegmentData[] = [['BIA', ORIGINAL, REPORT_TYPE, reference ?? asOf.date + asOf.time, asOf.date, asOf.time]];
  const quantities = input.lines.map((line, i) => {
    const where = `lines[${i}] (${line.sku})`;
    const item = outboundItem(line, context, { segment: 'LIN', position: body.length + 2, element: 'LIN03' }, where, problems);
    const available = x12Quantity(line.available, where, problems);
    body.push(['LIN', '', item.qualifier, item.value], ['QTY', AVAILABLE_FOR_SALE, available, AVAILABILITY_UNIT]);
    if (line.location !== undefined) body.push(locationSegment(line.location, context, where, problems));
    return available;
  });
  // CTT01 counts LIN segments in an 846; CTT02 is the hash total of QTY02.
  body.push(['CTT', String(input.lines.length), hashTotal(quantities)]);
  throwIfProblems(`846 for ${context.profile.id}`, problems);
  return { set: '846', control: transactionControl(control), segments: body };
}

/** The N1 of the LIN loop (N101 WH: the warehouse the quantity is at): our location in the channel's code, from the profile's location cross-reference. */
function locationSegment(location: string, context: MappingContext, where: string, problems: string[]): SegmentData {
  const code = context.partnerLocation(location);
  if (code === undefined) {
    problems.push(`${where}: location ${location} has no code in ${context.profile.id}'s cross-reference`);
    return ['N1', WAREHOUSE];
  }
  return ['N1', WAREHOUSE, '', code.qualifier, code.value];
}
