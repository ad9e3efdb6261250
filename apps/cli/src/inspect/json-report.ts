import { Delimiters, ParseResult, TransactionSetEnvelope } from '@tradewire/x12';

/** Any located finding: envelope diagnostics and validation findings (which add fields such as ackCode, ref, value). */
export interface LocatedFinding {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly segment: string | null;
  readonly segmentIndex: number | null;
  readonly offset: number;
  readonly line: number;
}

export type ReportInput = Omit<ParseResult, 'diagnostics'> & { readonly diagnostics: readonly LocatedFinding[] };

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
  diagnostics: LocatedFinding[];
}

interface JsonTransaction {
  set: string;
  control: string;
  segmentCount: number;
}

export function jsonReport(file: string, result: ReportInput): JsonReport {
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
