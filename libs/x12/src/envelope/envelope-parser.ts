import { diagnostic, Diagnostic } from '../diagnostics/diagnostic';
import { DiagnosticCode } from '../diagnostics/diagnostic-codes';
import { IsaShape } from '../delimiters/detect-delimiters';
import { Segment } from '../tokenizer/segment';
import { SegmentSink } from '../tokenizer/segment-tokenizer';
import { FunctionalGroupEnvelope, InterchangeEnvelope, TransactionSetEnvelope } from './envelope';
import { detach } from '../text/detach';
import { EnvelopeValues } from './envelope-values';
import { checkGs, checkGsControl, checkIsa, checkIsaControl, checkSt, parseCount, sameControl } from './header-checks';
import { RepeatedElements, RepeatedHeader } from './repeated-header';
import { UsedControls } from './used-controls';

export interface EnvelopeParserOptions {
  /**
   * Keep each transaction set's segments on its envelope (`segments`). `'transient'` keeps them only
   * until `onTransactionSet` has seen them, so memory stays bounded by the largest set, not the file.
   */
  readonly keepSegments?: boolean | 'transient';
  /** Called for every segment inside a transaction set (ST and SE included), in order. */
  readonly onSegment?: (segment: Segment, transactionSet: TransactionSetEnvelope) => void;
  /** Called when a transaction set ends (with or without its SE). */
  readonly onTransactionSet?: (transactionSet: TransactionSetEnvelope, group: FunctionalGroupEnvelope | null, interchange: InterchangeEnvelope | null) => void;
  /** Called when an interchange ends (at its IEA, at the next ISA, or at the end of the input), with its groups and sets. */
  readonly onInterchange?: (interchange: InterchangeEnvelope) => void;
  /**
   * Keep every interchange and bare fragment on the result (default true). With false the result
   * lists none: a streaming caller takes each from `onInterchange` / `onTransactionSet`, and memory
   * stays bounded by the largest interchange however many the input holds (a result keeps about
   * 800 bytes per small interchange: 200 MB for a 100 MB file of them).
   */
  readonly keepEnvelopes?: boolean;
  /**
   * Most diagnostics kept in the flat list (default 10,000), so that a file of garbage cannot grow
   * memory without bound. Each envelope still keeps at least one diagnostic of every code it has, so
   * acknowledgments stay right; the rest are counted in one DIAGNOSTICS_TRUNCATED warning.
   */
  readonly maxDiagnostics?: number;
}

/**
 * Builds interchanges → functional groups → transaction sets from a stream of segments and checks
 * every count and control number (X12.5/X12.6 envelope rules). Keeps only envelope data unless
 * asked to keep segments.
 */
export class EnvelopeParser implements SegmentSink {
  readonly interchanges: InterchangeEnvelope[] = [];
  readonly fragments: TransactionSetEnvelope[] = [];
  readonly diagnostics: Diagnostic[] = [];
  segmentCount = 0;

  private interchange: InterchangeEnvelope | null = null;
  private group: FunctionalGroupEnvelope | null = null;
  private tx: TransactionSetEnvelope | null = null;
  private readonly groupControls = new UsedControls();
  private readonly txControls = new UsedControls();
  /** The last segment outside the open transaction set's data segments (those are on `cursor`). */
  private last: Segment | null = null;
  private cursor: TransactionCursor | null = null;
  private readonly maxDiagnostics: number;
  private suppressed = 0;
  private pending: Diagnostic[] = [];
  /** A callback has seen the open interchange while it had no group (see `appendGroup`). */
  private emptyGroupsShown = false;
  /** An interchange or a bare transaction set was opened: the input was not empty. */
  private foundEnvelope = false;
  private readonly values = new EnvelopeValues();
  private readonly repeatedIsa = new RepeatedHeader<IsaValues>(13);
  private readonly repeatedGs = new RepeatedElements<GsValues>(6);
  private isaShape: IsaShape | undefined = undefined;

  /** Read once: the per-segment path should not look it up in the options every time. */
  private readonly segmentListener: EnvelopeParserOptions['onSegment'];
  private readonly keepEnvelopes: boolean;

  constructor(private readonly options: EnvelopeParserOptions = {}) {
    this.segmentListener = options.onSegment;
    this.keepEnvelopes = options.keepEnvelopes ?? true;
    this.maxDiagnostics = options.maxDiagnostics ?? 10_000;
  }

  /**
   * Findings of the tokenizer, recorded like the parser's own: capped, and on the envelope they are
   * about (a bare set's too). An ISA's own arrive before the ISA segment: they wait for it, so that
   * they land on its interchange and not on one still open before it (no IEA). Those of an ISA that
   * was refused, which no segment follows, are recorded where they fall when the next ISA or the
   * end of the input comes: the tokenizer reads nothing else in between.
   */
  onDiagnostic(d: Diagnostic): void {
    if (d.segment !== 'ISA') return this.add(d);
    if (this.pending.length > 0 && this.pending[0].offset !== d.offset) this.recordPending();
    this.pending.push(d);
  }

  private recordPending(): void {
    const pending = this.pending;
    this.pending = [];
    for (const d of pending) this.add(d);
  }

  /** The coming ISA's shape: an ISA of a remembered shape is known to repeat it without a comparison. */
  onIsaShape(shape: IsaShape | undefined): void {
    this.isaShape = shape;
  }

  onSegment(segment: Segment): void {
    this.segmentCount++;
    if (!isValidTag(segment.tag)) {
      this.report('SEGMENT_TAG_INVALID', segment, `"${segment.tag.slice(0, 20)}" is not a segment identifier`);
    }
    // Envelope tags start with I, G, S or T: most segments (LIN, QTY, HL, N1…) skip the comparisons.
    const first = segment.tag.charCodeAt(0);
    if (this.tx !== null && first !== 73 && first !== 71 && first !== 83 && first !== 84) return this.addToTransaction(segment);
    this.last = segment;
    switch (segment.tag) {
      case 'ISA': return this.openInterchange(segment);
      case 'IEA': return this.closeInterchange(segment);
      case 'GS': return this.openGroup(segment);
      case 'GE': return this.closeGroup(segment);
      case 'ST': return this.openTransaction(segment);
      case 'SE': return this.closeTransaction(segment);
      case 'TA1': if (this.tx === null) return this.readTa1(segment);
    }
    if (this.tx !== null) return this.addToTransaction(segment);
    const where = this.interchange === null ? 'outside any interchange' : 'outside any transaction set';
    this.report('SEGMENT_OUTSIDE_TRANSACTION', segment, `${segment.tag} stands ${where}`);
  }

  /** Closes whatever is still open at the end of the input. */
  end(): void {
    this.recordPending();
    this.closeOpenEnvelopes();
    this.reportNothingFound();
    if (this.suppressed > 0) {
      const last = this.diagnostics[this.diagnostics.length - 1];
      this.diagnostics.push(diagnostic('DIAGNOSTICS_TRUNCATED', `${this.suppressed} more diagnostics were found and not listed (limit ${this.maxDiagnostics})`, { segment: null, segmentIndex: null, offset: last.offset, line: last.line }));
    }
  }

  /**
   * An input with no interchange and no error to say why (empty, blank lines, a BOM) is not an X12
   * document: say so, or an empty file from a partner would pass as clean. Junk and an unreadable
   * ISA have their own errors already.
   */
  private reportNothingFound(): void {
    if (this.foundEnvelope || this.diagnostics.some((d) => d.severity === 'error')) return;
    this.add(diagnostic('NO_INTERCHANGE', 'the input holds no interchange (no ISA) and no transaction set', { segment: null, segmentIndex: null, offset: 0, line: 1 }));
  }

  private closeOpenEnvelopes(): void {
    const at = this.tx !== null ? (this.cursor as TransactionCursor).last : this.last;
    if (at === null) return;
    if (this.tx !== null) this.abandonTransaction(at, 'the input ends');
    if (this.group !== null) this.abandonGroup(at, 'the input ends');
    if (this.interchange !== null) {
      this.report('UNEXPECTED_END_OF_FILE', at, `the input ends inside interchange ${this.interchange.control} (no IEA): the file looks truncated`);
      this.finishInterchange(this.interchange);
    }
  }

  private finishInterchange(ic: InterchangeEnvelope): void {
    this.interchange = null;
    if (this.options.onInterchange !== undefined) this.options.onInterchange(ic);
  }

  private openInterchange(isa: Segment): void {
    if (this.pending.length > 0 && this.pending[0].offset !== isa.offset) this.recordPending();
    if (this.interchange !== null) {
      if (this.tx !== null) this.abandonTransaction(isa, 'a new ISA begins');
      if (this.group !== null) this.abandonGroup(isa, 'a new ISA begins');
      this.report('IEA_MISSING', isa, `interchange ${this.interchange.control} has no IEA before the next ISA`);
      this.finishInterchange(this.interchange);
    }
    const raw = isa.raw;
    const separator = isa.delimiters.element;
    const shape = this.isaShape;
    this.isaShape = undefined;
    const control = this.repeatedIsa.control(raw, separator, shape);
    const values = control === null ? this.readIsa(isa) : this.repeatedIsa.values;
    const ic = interchangeEnvelope(isa, values, control ?? detach(isa.element(13)));
    this.interchange = ic;
    this.foundEnvelope = true;
    if (this.keepEnvelopes) this.interchanges.push(ic);
    this.groupControls.reset();
    this.emptyGroupsShown = false;
    this.recordPending();
    const findings = control === null ? checkIsa(isa) : checkIsaControl(isa, control);
    for (const d of findings) this.add(d);
    // A header is remembered for its successors only when it passed every check.
    if (control === null && findings.length === 0) this.repeatedIsa.remember(raw, separator, values, shape);
  }

  /** ISA01..ISA15 but the control number, without their padding; repeated values shared. */
  private readIsa(isa: Segment): IsaValues {
    const values = this.values;
    const e = (n: number) => values.share(isa.element(n).trim());
    return {
      authorizationQualifier: e(1), authorization: e(2), securityQualifier: e(3), security: e(4),
      senderQualifier: e(5), sender: e(6), receiverQualifier: e(7), receiver: e(8),
      date: e(9), time: e(10), version: e(12), ackRequested: e(14), usage: e(15),
    };
  }

  private closeInterchange(iea: Segment): void {
    const ic = this.interchange;
    // The tokenizer ends an interchange at its IEA, so this guards direct callers of onSegment only.
    if (ic === null) return this.report('SEGMENT_OUTSIDE_TRANSACTION', iea, 'IEA without an open interchange');
    if (this.tx !== null) this.abandonTransaction(iea, 'IEA comes');
    if (this.group !== null) this.abandonGroup(iea, 'IEA comes');
    ic.declaredGroupCount = parseCount(iea.element(1));
    if (ic.declaredGroupCount !== ic.groups.length) {
      this.report('IEA_GROUP_COUNT_MISMATCH', iea, `IEA01 says ${iea.element(1) || '(empty)'} functional groups; interchange ${ic.control} has ${ic.groups.length}`, 1);
    }
    this.compareControls(iea, ic.control, 'IEA_CONTROL_MISMATCH', 'IEA02', 'ISA13');
    ic.closed = true;
    this.finishInterchange(ic);
  }

  private readTa1(ta1: Segment): void {
    if (this.interchange === null) return this.report('SEGMENT_OUTSIDE_TRANSACTION', ta1, 'TA1 stands outside any interchange');
    if (this.group !== null) return this.report('TA1_MISPLACED', ta1, 'TA1 must come between ISA and the first GS');
    this.interchange.acknowledgments.push({
      control: detach(ta1.element(1)), date: detach(ta1.element(2)), time: detach(ta1.element(3)), ackCode: detach(ta1.element(4)), noteCode: detach(ta1.element(5)),
      segmentIndex: ta1.index, offset: ta1.offset, line: ta1.line,
    });
  }

  private openGroup(gs: Segment): void {
    const ic = this.interchange;
    if (ic === null) {
      this.report('SEGMENT_OUTSIDE_TRANSACTION', gs, 'GS without an open interchange');
    } else if (this.group !== null) {
      if (this.tx !== null) this.abandonTransaction(gs, 'a new GS begins');
      this.abandonGroup(gs, 'a new GS begins');
    }
    if (ic === null) return;
    const elements = gs.elements;
    const control = this.repeatedGs.control(elements, ic.version);
    const values = control === null ? this.readGs(gs) : this.repeatedGs.values;
    const group = groupEnvelope(gs, values, detach(control ?? gs.element(6)));
    this.group = group;
    const findings = control === null ? checkGs(gs, ic.version) : checkGsControl(gs, control);
    for (const d of findings) this.add(d);
    if (control === null && findings.length === 0) this.repeatedGs.remember(elements, ic.version, values);
    if (this.groupControls.repeats(group.control, ic.groups)) {
      this.report('DUPLICATE_GROUP_CONTROL', gs, `GS06 "${group.control}" is used by an earlier group in interchange ${ic.control}`, 6);
    }
    this.appendGroup(ic, group);
    this.txControls.reset();
  }

  /** GS01..GS08 but the control number; repeated values shared. */
  private readGs(gs: Segment): GsValues {
    const v = this.values;
    return {
      functionalId: v.share(gs.element(1)), sender: v.share(gs.element(2)), receiver: v.share(gs.element(3)), date: v.share(gs.element(4)),
      time: v.share(gs.element(5)), agency: v.share(gs.element(7)), version: v.share(gs.element(8)),
    };
  }

  /**
   * As `appendTransaction`, for groups, unless a set outside any group has shown a callback this
   * interchange while its list of groups was still the empty one.
   */
  private appendGroup(ic: InterchangeEnvelope, group: FunctionalGroupEnvelope): void {
    if (ic.groups.length === 0 && !this.emptyGroupsShown) (ic as { groups: FunctionalGroupEnvelope[] }).groups = [group];
    else ic.groups.push(group);
  }

  private closeGroup(ge: Segment): void {
    const group = this.group;
    if (group === null) return this.report('UNEXPECTED_GE', ge, 'GE without an open functional group');
    if (this.tx !== null) this.abandonTransaction(ge, 'GE comes');
    group.declaredTransactionCount = parseCount(ge.element(1));
    if (group.declaredTransactionCount !== group.transactions.length) {
      this.report('GE_TRANSACTION_COUNT_MISMATCH', ge, `GE01 says ${ge.element(1) || '(empty)'} transaction sets; group ${group.control} has ${group.transactions.length}`, 1);
    }
    this.compareControls(ge, group.control, 'GE_CONTROL_MISMATCH', 'GE02', 'GS06');
    group.closed = true;
    this.group = null;
  }

  private openTransaction(st: Segment): void {
    if (this.tx !== null) this.abandonTransaction(st, 'a new ST begins');
    const tx: TransactionSetEnvelope = {
      set: this.values.share(st.element(1)), control: detach(st.element(2)), implementationReference: detach(st.element(3)) || null,
      segmentCount: 0, declaredSegmentCount: null, closed: false, diagnostics: [],
      segmentIndex: st.index, offset: st.offset, line: st.line,
    };
    if (this.options.keepSegments) tx.segments = [];
    this.tx = tx;
    this.cursor = new TransactionCursor(st);
    for (const d of checkSt(st)) this.add(d);
    if (this.group !== null) {
      if (this.txControls.repeats(tx.control, this.group.transactions)) {
        this.report('DUPLICATE_TRANSACTION_CONTROL', st, `ST02 "${tx.control}" is used by an earlier transaction set in group ${this.group.control}`, 2);
      }
      appendTransaction(this.group, tx);
    } else {
      const code: DiagnosticCode = this.interchange === null ? 'BARE_TRANSACTION_SET' : 'ST_OUTSIDE_GROUP';
      const why = this.interchange === null ? 'has no ISA/GS envelope' : 'is not inside a functional group';
      this.foundEnvelope = true;
      this.report(code, st, `transaction set ${tx.set} ${tx.control} ${why}; it cannot be routed or acknowledged`);
      if (this.keepEnvelopes) this.fragments.push(tx);
    }
    this.addToTransaction(st);
  }

  private closeTransaction(se: Segment): void {
    const tx = this.tx;
    if (tx === null) return this.report('UNEXPECTED_SE', se, 'SE without an open transaction set');
    this.addToTransaction(se);
    tx.declaredSegmentCount = parseCount(se.element(1));
    if (tx.declaredSegmentCount !== tx.segmentCount) {
      this.report('SE_SEGMENT_COUNT_MISMATCH', se, `SE01 says ${se.element(1) || '(empty)'} segments; transaction set ${tx.set} ${tx.control} has ${tx.segmentCount} from ST to SE`, 1);
    }
    this.compareControls(se, tx.control, 'SE_CONTROL_MISMATCH', 'SE02', 'ST02');
    tx.closed = true;
    this.finishTransaction(tx);
  }

  /** X12: the trailer's control number is identical to the header's. The same number written with other zeros is only a warning. */
  private compareControls(trailer: Segment, header: string, code: DiagnosticCode, trailerName: string, headerName: string): void {
    const value = trailer.element(2);
    if (value === header) return;
    if (sameControl(value, header)) {
      this.report('CONTROL_NUMBER_FORMAT', trailer, `${trailerName} "${value}" is ${headerName} "${header}" written differently; X12 wants it identical`, 2);
    } else {
      this.report(code, trailer, `${trailerName} "${value}" differs from ${headerName} "${header}"`, 2);
    }
  }

  private addToTransaction(segment: Segment): void {
    const tx = this.tx as TransactionSetEnvelope;
    (this.cursor as TransactionCursor).last = segment;
    tx.segmentCount++;
    if (tx.segments !== undefined) tx.segments.push(segment);
    if (this.segmentListener !== undefined) this.segmentListener(segment, tx);
  }

  private abandonTransaction(at: Segment, why: string): void {
    const tx = this.tx as TransactionSetEnvelope;
    this.report('SE_MISSING', at, `transaction set ${tx.set} ${tx.control} has no SE: ${why} first`);
    this.finishTransaction(tx);
  }

  private finishTransaction(tx: TransactionSetEnvelope): void {
    this.tx = null;
    if (this.options.onTransactionSet === undefined) return this.dropTransientSegments(tx);
    if (this.interchange !== null && this.interchange.groups.length === 0) this.emptyGroupsShown = true;
    this.options.onTransactionSet(tx, this.group, this.interchange);
    this.dropTransientSegments(tx);
  }

  private dropTransientSegments(tx: TransactionSetEnvelope): void {
    if (this.options.keepSegments === 'transient') delete tx.segments;
  }

  private abandonGroup(at: Segment, why: string): void {
    const group = this.group as FunctionalGroupEnvelope;
    this.report('GE_MISSING', at, `functional group ${group.control} has no GE: ${why} first`);
    this.group = null;
  }

  private report(code: DiagnosticCode, at: Segment, message: string, element?: number): void {
    this.add(diagnostic(code, message, { segment: at.tag, segmentIndex: at.index, offset: at.offset, line: at.line, element }));
  }

  /** Records a diagnostic in the flat list and on the envelope it is about. */
  private add(d: Diagnostic): void {
    if (this.diagnostics.length < this.maxDiagnostics) this.diagnostics.push(d);
    else this.suppressed++;
    const scope = TRANSACTION_SCOPE.has(d.code) ? this.tx ?? this.group ?? this.interchange : GROUP_SCOPE.has(d.code) ? this.group ?? this.interchange : this.interchange;
    if (scope === null) return;
    if (scope.diagnostics.length < SCOPE_KEEP || !scope.diagnostics.some((x) => x.code === d.code)) scope.diagnostics.push(d);
  }
}

/**
 * The open transaction set's last segment. Kept on an object made per set rather than on the parser:
 * the parser lives long, so V8 moves it out of the young generation, and storing each new segment
 * into it took the write barrier's slow path (recording the old-to-new reference) once per segment,
 * 2 % of a parse of small interchanges (bench/README.md). A set's own object is usually still young.
 */
class TransactionCursor {
  constructor(public last: Segment) {}
}

/*
 * The first set of a group replaces its empty list with a list of one: a push into [] reserves 17
 * slots. With one group and one set per interchange, those two lists of 17 were a quarter of what a
 * result of 10,000 interchanges keeps (heap snapshot: 1,076 → 820 bytes per interchange,
 * bench/README.md). Nobody outside sees the empty list replaced: a group reaches a callback only
 * with a set in it.
 */
function appendTransaction(group: FunctionalGroupEnvelope, tx: TransactionSetEnvelope): void {
  if (group.transactions.length === 0) (group as { transactions: TransactionSetEnvelope[] }).transactions = [tx];
  else group.transactions.push(tx);
}

/** What an ISA says besides its control number: the same for every interchange of a sender, mostly. */
type IsaValues = Pick<InterchangeEnvelope, 'authorizationQualifier' | 'authorization' | 'securityQualifier' | 'security' | 'senderQualifier' | 'sender'
  | 'receiverQualifier' | 'receiver' | 'date' | 'time' | 'version' | 'ackRequested' | 'usage'>;

type GsValues = Pick<FunctionalGroupEnvelope, 'functionalId' | 'sender' | 'receiver' | 'date' | 'time' | 'agency' | 'version'>;

/** One object shape for every interchange, read afresh or repeated. */
function interchangeEnvelope(isa: Segment, v: IsaValues, control: string): InterchangeEnvelope {
  return {
    authorizationQualifier: v.authorizationQualifier, authorization: v.authorization, securityQualifier: v.securityQualifier, security: v.security,
    senderQualifier: v.senderQualifier, sender: v.sender, receiverQualifier: v.receiverQualifier, receiver: v.receiver,
    date: v.date, time: v.time, version: v.version, control, ackRequested: v.ackRequested, usage: v.usage,
    delimiters: isa.delimiters, groups: [], acknowledgments: [], declaredGroupCount: null, closed: false, diagnostics: [],
    segmentIndex: isa.index, offset: isa.offset, line: isa.line,
  };
}

function groupEnvelope(gs: Segment, v: GsValues, control: string): FunctionalGroupEnvelope {
  return {
    functionalId: v.functionalId, sender: v.sender, receiver: v.receiver, date: v.date, time: v.time,
    control, agency: v.agency, version: v.version, transactions: [], declaredTransactionCount: null, closed: false,
    diagnostics: [], segmentIndex: gs.index, offset: gs.offset, line: gs.line,
  };
}

/** Diagnostics an envelope keeps before it keeps only codes it has not seen yet. */
const SCOPE_KEEP = 100;

/** Codes about the open transaction set (or, outside one, the enclosing envelope). */
const TRANSACTION_SCOPE: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'SE_MISSING', 'SE_SEGMENT_COUNT_MISMATCH', 'SE_CONTROL_MISMATCH', 'ST_ELEMENT_MISSING', 'ST_CONTROL_INVALID',
  'DUPLICATE_TRANSACTION_CONTROL', 'BARE_TRANSACTION_SET', 'ST_OUTSIDE_GROUP', 'SEGMENT_TAG_INVALID', 'SEGMENT_TOO_LONG', 'EMPTY_SEGMENT', 'LINE_BREAKS_IN_SEGMENTS',
]);

/** Codes about the open functional group. */
const GROUP_SCOPE: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'GE_MISSING', 'GE_TRANSACTION_COUNT_MISMATCH', 'GE_CONTROL_MISMATCH', 'GS_ELEMENT_MISSING', 'GS_DATE_INVALID', 'GS_TIME_INVALID',
  'GS_CONTROL_INVALID', 'DUPLICATE_GROUP_CONTROL', 'VERSION_MISMATCH', 'VERSION_DIFFERS', 'UNEXPECTED_SE', 'UNEXPECTED_GE',
]);

/** Segment identifiers are 2 or 3 characters: an uppercase letter, then uppercase letters or digits. */
function isValidTag(tag: string): boolean {
  const n = tag.length;
  if (n < 2 || n > 3) return false;
  const first = tag.charCodeAt(0);
  if (first < 65 || first > 90) return false;
  for (let i = 1; i < n; i++) {
    const c = tag.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}
