import { sumDecimals, WarehouseOrderReleased } from '@tradewire/canonical';
import { SegmentData, TransactionSetDocument } from '@tradewire/x12';
import { MappingContext } from '../context/mapping-context';
import { ORDER_STATUS, REQUESTED_SHIP_DATE, SHIP_TO, WAREHOUSE } from './outbound-codes';
import { checkOutboundEvent } from './outbound-input';
import { throwIfProblems } from './outbound-mapping.error';
import { outboundItem } from './partner-items';
import { partySegments } from './party-segments';
import { transactionControl, x12Date, x12Quantity, x12Unit } from './x12-values';

/**
 * WarehouseOrderReleased → 940 Warehouse Shipping Order for a 3PL:
 *
 *   W05*{N|F|R}*{orderId}*{purchaseOrder}
 *   N1*ST*{name}*{idQualifier}*{id}  N3*{address…}  N4*{city}*{state}*{postal}*{country}
 *   N1*WH**{partner location qualifier}*{partner location code}
 *   G62*10*{requested ship date}
 *   LX*{line}  W01*{quantity}*{unit}**{partner item qualifier}*{partner item ID}   (per line)
 *   W76*{sum of W0101}
 *
 * Items and the warehouse go out in the partner's codes from its profile. Every problem is collected
 * and thrown together as an OutboundMappingError: a 940 is never sent half-mapped.
 */
export function generateWarehouseOrder(event: WarehouseOrderReleased, context: MappingContext, control: string | number): TransactionSetDocument {
  const problems = checkOutboundEvent(event, context, '940');
  const p = event.payload;
  const body: SegmentData[] = [['W05', ORDER_STATUS[p.purpose], p.orderId, p.purchaseOrder ?? '']];
  body.push(...partySegments(SHIP_TO, p.shipTo, 'shipTo', problems));
  if (p.warehouse !== undefined) body.push(warehouseSegment(p.warehouse, context, problems));
  if (p.requestedShipDate !== undefined) body.push(['G62', REQUESTED_SHIP_DATE, x12Date(p.requestedShipDate)]);
  if (p.lines.length === 0) problems.push('the order has no lines');
  const quantities = p.lines.map((line) => {
    const where = `line ${line.line}`;
    const quantity = x12Quantity(line.quantity, where, problems);
    body.push(['LX', String(line.line)]);
    // The W01 goes at body.length + 2 in the set: ST is position 1.
    const item = outboundItem(line, context, { segment: 'W01', position: body.length + 2, element: 'W0105', line: line.line }, where, problems);
    body.push(['W01', quantity, x12Unit(line.unit, where, problems), '', item.qualifier, item.value]);
    return quantity;
  });
  // 940 W76: W7601 is the total of W0101; summed exactly, never as floats.
  body.push(['W76', sumDecimals(quantities)]);
  throwIfProblems(`940 for ${context.profile.id}`, problems);
  return { set: '940', control: transactionControl(control), segments: body };
}

/** The warehouse as the 3PL knows it: our location → its code, from the profile's location cross-reference. */
function warehouseSegment(location: string, context: MappingContext, problems: string[]): SegmentData {
  const code = context.partnerLocation(location);
  if (code === undefined) {
    problems.push(`warehouse ${location} has no location code in ${context.profile.id}'s cross-reference`);
    return ['N1', WAREHOUSE];
  }
  // N102 (name) may stay empty: N1 R0203 is satisfied by N103.
  return ['N1', WAREHOUSE, '', code.qualifier, code.value];
}
