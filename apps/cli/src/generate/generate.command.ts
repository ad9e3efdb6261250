import { readFileSync } from 'fs';
import { ShipmentNoticeIssued, validateEvent, WarehouseOrderReleased } from '@tradewire/canonical';
import {
  ChannelAvailability, generateAvailability, generateShipNotice, generateWarehouseOrder, MappingContext, OutboundMappingError, outboundInterchange, renderX12,
} from '@tradewire/mapping';
import { TransactionSetDocument } from '@tradewire/x12';
import { InputError } from '../input/read-input';
import { EXIT } from '../inspect/inspect.command';
import { loadProfile } from '../profile/load-profile';

export interface GenerateCliOptions {
  profile: string;
  input: string;
  /** ISA13, GS06 and ST02 of the document (default 1). */
  control?: string;
  /** When the document is made (default now). */
  date?: string;
}

export class GenerateUsageError extends Error {}

/**
 * `edi generate SET --profile P --input canonical.json`: the X12 we would send. 940 from a
 * WarehouseOrderReleased, 856 from a ShipmentNoticeIssued, 846 from a channel availability.
 * Exit 1 when the input cannot be mapped (every problem listed), 0 with the document on stdout.
 */
export function generateDocument(set: string, options: GenerateCliOptions, write: (text: string) => void, writeError: (text: string) => void): number {
  const profile = loadProfile(options.profile);
  const input = readJson(options.input);
  const control = Number(options.control ?? '1');
  if (!Number.isInteger(control) || control < 1) throw new GenerateUsageError('--control must be a positive number');
  const at = options.date ?? new Date().toISOString();
  try {
    const context = new MappingContext(profile, set, 'outbound');
    const tx = transactionFor(set, input, context, control);
    write(renderX12(outboundInterchange(profile, [tx], { interchangeControl: control, groupControl: control, at }), profile));
    return EXIT.OK;
  } catch (e) {
    if (!(e instanceof OutboundMappingError)) throw e;
    writeError(`edi: ${set} cannot be generated:\n${e.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return EXIT.DOCUMENT_ERRORS;
  }
}

function transactionFor(set: string, input: unknown, context: MappingContext, control: number): TransactionSetDocument {
  switch (set) {
    case '940':
      return generateWarehouseOrder(event<WarehouseOrderReleased>(input, 'WarehouseOrderReleased'), context, control);
    case '856':
      return generateShipNotice(event<ShipmentNoticeIssued>(input, 'ShipmentNoticeIssued'), context, control);
    case '846':
      return generateAvailability(input as ChannelAvailability, context, control);
    default:
      throw new GenerateUsageError(`edi generate writes 940, 856 and 846, not ${set}`);
  }
}

function event<T>(input: unknown, type: string): T {
  const check = validateEvent(input);
  if (!check.ok) throw new OutboundMappingError(`${type} input`, [...check.problems]);
  if (check.event.type !== type) throw new OutboundMappingError(`${type} input`, [`the input is a ${check.event.type}; this set is written from a ${type}`]);
  return check.event as T;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
}
