import { Delimiters, ParseResult, TransactionSetEnvelope } from '@tradewire/x12';

/**
 * The stable JSON shape of `edi parse|validate --json` (other tools and tests rely on it: add
 * fields, never rename or remove them).
 */
export interface JsonReport {
  file: string;
  bytes: number;
  delimiters: { element: string | null; component: string | null; repetition: string | null; segment: string | null };
  interchanges: Array<{
    control: string; senderQualifier: string; sender: string; receiverQualifier: string; receiver: string;
    version: string; usage: string; date: string; time: string;
    groups: Array<{ functionalId: string; control: string; version: string; sender: string; receiver: string; transactions: JsonTransaction[] }>;
  }>;
  fragments: JsonTransaction[];
  diagnostics: Array<{ code: string; severity: string; message: string; segment: string | null; segmentIndex: number | null; offset: number; line: number; element?: number }>;
}

interface JsonTransaction {
  set: string;
  control: string;
  segmentCount: number;
}

export function jsonReport(file: string, result: ParseResult): JsonReport {
  const first: Delimiters | undefined = result.interchanges[0]?.delimiters;
  return {
    file,
    bytes: result.bytes,
    delimiters: {
      element: first?.element ?? null,
      component: first?.component ?? null,
      repetition: first?.repetition ?? null,
      segment: first?.segment ?? null,
    },
    interchanges: result.interchanges.map((ic) => ({
      control: ic.control,
      senderQualifier: ic.senderQualifier,
      sender: ic.sender,
      receiverQualifier: ic.receiverQualifier,
      receiver: ic.receiver,
      version: ic.version,
      usage: ic.usage,
      date: ic.date,
      time: ic.time,
      groups: ic.groups.map((g) => ({
        functionalId: g.functionalId,
        control: g.control,
        version: g.version,
        sender: g.sender,
        receiver: g.receiver,
        transactions: g.transactions.map(jsonTransaction),
      })),
    })),
    fragments: result.fragments.map(jsonTransaction),
    diagnostics: result.diagnostics.map((d) => ({ ...d })),
  };
}

function jsonTransaction(t: TransactionSetEnvelope): JsonTransaction {
  return { set: t.set, control: t.control, segmentCount: t.segmentCount };
}
