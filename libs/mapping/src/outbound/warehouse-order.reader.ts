import { idempotencyKey, isDecimal, MappingFinding, normalizeDecimal, WarehouseOrderReleased } from '@tradewire/canonical';
import { Segment } from '@tradewire/x12';
import { At } from '../context/mapping-context';
import { documentTime, sourceOf, TranslationInput } from '../context/translation-input';
import { isoDate } from '../context/x12-dates';
import { locate, readItem } from './partner-items';
import { Party, readParty } from './party-segments';
import { MISSING, ORDER_STATUS, REQUESTED_SHIP_DATE, SHIP_TO, WAREHOUSE } from './outbound-codes';

type Payload = WarehouseOrderReleased['payload'];
type Line = Payload['lines'][number];

/** W01 product ID qualifiers: W0104 (with W0105), W0106 (W0107), W0115 (W0116). */
const W01_ITEM_QUALIFIERS = [4, 6, 15];

/** Reading state: the header's values, and the line an LX opened. */
interface OrderState {
  shipTo?: Party;
  warehouse?: string;
  requestedShipDate?: string;
  lineNumber?: number;
  readonly lines: Line[];
}

/**
 * 940 we sent → WarehouseOrderReleased (replay, round trips): items and the warehouse through the
 * profile's cross-references back to our SKU and location. Quantities are read as written: an
 * outbound document is already in our units, so the profile's unit conversions (partner → us) do not
 * apply. The 940 has no date of its own, so `occurredAt` is the interchange's (ISA09/ISA10).
 */
export function readWarehouseOrder(input: TranslationInput): WarehouseOrderReleased {
  const { segments } = input;
  const findings: MappingFinding[] = [];
  const state: OrderState = { lines: [] };
  segments.forEach((segment, i) => {
    const at = (element: string): At => ({ segment: segment.tag, position: i + 1, element, ...(state.lineNumber === undefined ? {} : { line: state.lineNumber }) });
    readSegment(segment, i, state, input, at, findings);
  });
  const w05 = segments.find((s) => s.tag === 'W05');
  const source = sourceOf(input);
  const payload: Payload = {
    orderId: orderIdOf(w05, findings),
    ...(w05 !== undefined && w05.element(3) !== '' ? { purchaseOrder: w05.element(3) } : {}),
    purpose: purposeOf(w05, findings),
    ...(state.warehouse === undefined ? {} : { warehouse: state.warehouse }),
    shipTo: state.shipTo ?? {},
    ...(state.requestedShipDate === undefined ? {} : { requestedShipDate: state.requestedShipDate }),
    lines: state.lines,
  };
  if (state.shipTo === undefined) findings.push({ code: 'MISSING_VALUE', message: 'the 940 has no ship-to (N1*ST)' });
  return {
    type: 'WarehouseOrderReleased', version: 1, idempotencyKey: idempotencyKey('WarehouseOrderReleased', source), source,
    occurredAt: documentTime(input, null), findings, payload,
  };
}

function readSegment(segment: Segment, index: number, state: OrderState, input: TranslationInput, at: (element: string) => At, findings: MappingFinding[]): void {
  const inHeader = state.lineNumber === undefined;
  if (segment.tag === 'N1' && inHeader && segment.element(1) === SHIP_TO) state.shipTo = readParty(input.segments, index);
  else if (segment.tag === 'N1' && inHeader && segment.element(1) === WAREHOUSE) state.warehouse = warehouseOf(segment, input, at, findings);
  else if (segment.tag === 'G62' && inHeader && segment.element(1) === REQUESTED_SHIP_DATE) state.requestedShipDate = dateOf(segment, at, findings);
  else if (segment.tag === 'LX') state.lineNumber = /^[0-9]+$/.test(segment.element(1)) ? Number(segment.element(1)) : state.lines.length + 1;
  else if (segment.tag === 'W01') {
    const line = lineOf(segment, state.lineNumber ?? state.lines.length + 1, input, at, findings);
    if (line !== null) state.lines.push(line);
  }
}

function orderIdOf(w05: Segment | undefined, findings: MappingFinding[]): string {
  const id = w05?.element(2) ?? '';
  if (id === '') findings.push({ code: 'MISSING_VALUE', message: 'the 940 has no order number (W0502)', segment: 'W05', element: 'W0502' });
  return id || MISSING;
}

function dateOf(g62: Segment, at: (element: string) => At, findings: MappingFinding[]): string | undefined {
  const date = isoDate(g62.element(2));
  if (date === null) findings.push({ code: 'INVALID_VALUE', message: `G6202 "${g62.element(2)}" is not a date`, value: g62.element(2), ...locate(at('G6202')) });
  return date ?? undefined;
}

function purposeOf(w05: Segment | undefined, findings: MappingFinding[]): Payload['purpose'] {
  const code = w05?.element(1) ?? '';
  const purpose = (Object.keys(ORDER_STATUS) as Array<Payload['purpose']>).find((k) => ORDER_STATUS[k] === code);
  if (purpose !== undefined) return purpose;
  findings.push({ code: 'INVALID_VALUE', message: `W0501 "${code}" is not N, F or R`, segment: 'W05', element: 'W0501', value: code });
  return 'original';
}

function warehouseOf(n1: Segment, input: TranslationInput, at: (element: string) => At, findings: MappingFinding[]): string | undefined {
  const found = input.context.location(n1.element(3), n1.element(4), at('N104'));
  if (found.ok) return found.value;
  findings.push(found.finding);
  return undefined;
}

/** W01 → a line; null (with a finding) when it has no item ID or no readable quantity. */
function lineOf(w01: Segment, line: number, input: TranslationInput, at: (element: string) => At, findings: MappingFinding[]): Line | null {
  const item = readItem(w01, W01_ITEM_QUALIFIERS, input.context, at, findings);
  const quantity = w01.element(1);
  if (!isDecimal(quantity)) findings.push({ code: 'INVALID_VALUE', message: `W0101 "${quantity}" is not a number`, value: quantity, ...locate(at('W0101')) });
  if (item === null || !isDecimal(quantity)) return null;
  return { line, ...item, quantity: normalizeDecimal(quantity), unit: w01.element(2) };
}
