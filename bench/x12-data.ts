import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'fs';
import { join } from 'path';
import { generateX12, InterchangeDocument, SegmentData } from '@tradewire/x12';

/**
 * Synthetic X12 inputs for the parse benchmark: realistic 846 and 856 shapes at about 1, 10 and
 * 100 MB, and a file of 10,000 small interchanges. Deterministic (seeded), and written once into
 * bench/data/ (gitignored); generation is never timed.
 */

export type WorkloadKind = '846' | '856' | 'small';

export interface Workload {
  /** Stable name used on the command line and in the JSON lines: `846-10mb`, `small-10k`. */
  readonly name: string;
  readonly kind: WorkloadKind;
  /** Approximate size in bytes (the file ends at the first transaction set that reaches it). */
  readonly targetBytes: number;
}

const MB = 1_000_000;

/** Bump when the generated shape changes, so stale files in bench/data/ are not reused. */
const DATA_VERSION = 2;

export const WORKLOADS: readonly Workload[] = [
  { name: '846-1mb', kind: '846', targetBytes: 1 * MB },
  { name: '856-1mb', kind: '856', targetBytes: 1 * MB },
  { name: 'small-10k', kind: 'small', targetBytes: 0 },
  { name: '846-10mb', kind: '846', targetBytes: 10 * MB },
  { name: '856-10mb', kind: '856', targetBytes: 10 * MB },
  { name: '846-100mb', kind: '846', targetBytes: 100 * MB },
  { name: '856-100mb', kind: '856', targetBytes: 100 * MB },
];

const SMALL_INTERCHANGES = 10_000;
const ISA_DATE = '250301';
const DATE = '20250301';
const TIME = '1200';
/** Every segment ends with "~\n", the usual shape of files partners send. */
const END = '~\n';

/** Path of the workload's file, generating it first when it is missing. */
export function ensureWorkloadFile(workload: Workload, dir: string): string {
  const file = join(dir, `${workload.name}.v${DATA_VERSION}.x12`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const partial = `${file}.partial`;
  const out = new ChunkWriter(partial);
  if (workload.kind === 'small') writeSmallInterchanges(out, SMALL_INTERCHANGES);
  else writeLargeInterchange(out, workload.kind, workload.targetBytes);
  out.close();
  renameSync(partial, file);
  process.stderr.write(`generated ${file} (${(statSync(file).size / MB).toFixed(1)} MB) in ${Date.now() - started} ms\n`);
  return file;
}

/** Buffers strings and writes them to a file in blocks of about 1 MB; counts bytes (ASCII only). */
class ChunkWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    this.bytes += text.length;
    if (this.pending >= MB) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''), null, 'latin1');
    this.parts = [];
    this.pending = 0;
  }
}

/** mulberry32: a small seeded generator, so every run writes the same bytes. */
class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

const WORDS = ['CTN', 'BLUE', 'RED', 'WIDGET', 'GADGET', 'COTTON', 'SHIRT', 'LARGE', 'SMALL', 'PACK', 'STEEL', 'BOLT', 'LAMP', 'DESK', 'CHAIR'];

function description(rnd: Random): string {
  return `${rnd.pick(WORDS)} ${rnd.pick(WORDS)} ${rnd.pick(WORDS)} ${rnd.int(1, 99)}`;
}

function isa(control: number, receiver: string): string {
  // ISA is fixed width: 106 characters including the terminator (X12.5).
  const c = String(control).padStart(9, '0');
  return `ISA*00*          *00*          *ZZ*${'TRADEWIRE'.padEnd(15)}*ZZ*${receiver.padEnd(15)}*${ISA_DATE}*${TIME}*U*00401*${c}*0*P*:${END}`;
}

/** One interchange, one functional group, as many transaction sets as it takes to reach `target` bytes. */
function writeLargeInterchange(out: ChunkWriter, kind: '846' | '856', target: number): void {
  const rnd = new Random(kind === '846' ? 846 : 856);
  const functionalId = kind === '846' ? 'IB' : 'SH';
  out.write(isa(1, 'RETAILER'));
  out.write(`GS*${functionalId}*TRADEWIRE*RETAILER*${DATE}*${TIME}*1*X*004010${END}`);
  let sets = 0;
  // Leave room for GE and IEA.
  while (out.bytes < target - 40) {
    sets++;
    const control = String(sets).padStart(4, '0');
    const body = kind === '846' ? inventoryAdvice(rnd, sets) : shipNotice(rnd, sets);
    out.write(`ST*${kind}*${control}${END}`);
    for (const s of body) out.write(s);
    out.write(`SE*${body.length + 2}*${control}${END}`);
  }
  out.write(`GE*${sets}*1${END}`);
  out.write(`IEA*1*000000001${END}`);
}

/** 846: BIA header, then per item LIN, PID, three QTY and a DTM; 1,000 items per transaction set. */
function inventoryAdvice(rnd: Random, n: number): string[] {
  const s: string[] = [
    `BIA*00*SI*INV${n}*${DATE}*${TIME}${END}`,
    `REF*IA*V${rnd.digits(6)}${END}`,
    `DTM*007*${DATE}${END}`,
    `N1*WH*DISTRIBUTION CENTER ${rnd.int(1, 40)}*92*DC${rnd.digits(3)}${END}`,
  ];
  const items = 1000;
  for (let i = 1; i <= items; i++) {
    s.push(`LIN*${i}*SK*${rnd.digits(8)}*UP*${rnd.digits(12)}*VN*VP-${rnd.digits(5)}${END}`);
    s.push(`PID*F*08***${description(rnd)}${END}`);
    s.push(`QTY*33*${rnd.int(0, 5000)}*EA${END}`);
    s.push(`QTY*02*${rnd.int(0, 500)}*EA${END}`);
    s.push(`QTY*29*${rnd.int(0, 2000)}*EA${END}`);
    s.push(`DTM*018*202503${String(rnd.int(1, 28)).padStart(2, '0')}${END}`);
  }
  s.push(`CTT*${items}${END}`);
  return s;
}

/** 856: BSN, shipment HL with TD1/TD5/REF/N1, then order, pack (MAN) and item (LIN/SN1/PID) levels. */
function shipNotice(rnd: Random, n: number): string[] {
  const s: string[] = [
    `BSN*00*SHP${String(n).padStart(8, '0')}*${DATE}*${TIME}*0001${END}`,
    `DTM*011*${DATE}*${TIME}${END}`,
    `HL*1**S${END}`,
    `TD1*CTN25*${rnd.int(1, 60)}****G*${rnd.int(10, 900)}*LB${END}`,
    `TD5*B*2*UPSN*M*UPS GROUND${END}`,
    `REF*BM*BOL${rnd.digits(10)}${END}`,
    `REF*CN*1Z${rnd.digits(16)}${END}`,
    `N1*ST*STORE ${rnd.int(1, 999)}*92*${rnd.digits(5)}${END}`,
    `N3*${rnd.int(1, 9999)} MAIN STREET${END}`,
    `N4*SPRINGFIELD*IL*${rnd.digits(5)}${END}`,
    `N1*SF*TRADEWIRE DC*92*DC${rnd.digits(3)}${END}`,
  ];
  let hl = 1;
  const orders = rnd.int(1, 3);
  for (let o = 0; o < orders; o++) {
    const order = ++hl;
    s.push(`HL*${order}*1*O${END}`, `PRF*PO${rnd.digits(8)}***${DATE}${END}`);
    const packs = rnd.int(2, 6);
    for (let p = 0; p < packs; p++) {
      const pack = ++hl;
      s.push(`HL*${pack}*${order}*P${END}`, `MAN*GM*00${rnd.digits(18)}${END}`);
      const items = rnd.int(1, 4);
      for (let i = 0; i < items; i++) {
        s.push(`HL*${++hl}*${pack}*I${END}`);
        s.push(`LIN**BP*${rnd.digits(8)}*UP*${rnd.digits(12)}${END}`);
        s.push(`SN1**${rnd.int(1, 48)}*EA${END}`);
        s.push(`PID*F*08***${description(rnd)}${END}`);
      }
    }
  }
  s.push(`CTT*${hl}${END}`);
  return s;
}

/** `count` interchanges of one group and one transaction set each: 945 and 997 alternating. Written with the library's generator. */
function writeSmallInterchanges(out: ChunkWriter, count: number): void {
  const rnd = new Random(945);
  const batch: InterchangeDocument[] = [];
  for (let i = 1; i <= count; i++) {
    const ack = i % 2 === 0;
    batch.push({
      senderQualifier: 'ZZ', sender: 'TRADEWIRE', receiverQualifier: 'ZZ', receiver: ack ? 'WAREHOUSE' : 'RETAILER',
      date: ISA_DATE, time: TIME, version: '00401', control: i, usage: 'P',
      groups: [{
        functionalId: ack ? 'FA' : 'SW', sender: 'TRADEWIRE', receiver: ack ? 'WAREHOUSE' : 'RETAILER',
        date: DATE, time: TIME, control: i, version: '004010',
        transactions: [{ set: ack ? '997' : '945', control: '0001', segments: ack ? functionalAck(rnd, i) : shippingAdvice(rnd, i) }],
      }],
    });
    if (batch.length === 1000 || i === count) {
      out.write(generateX12(batch, { lineBreak: '\n' }));
      batch.length = 0;
    }
  }
}

function shippingAdvice(rnd: Random, n: number): SegmentData[] {
  const lines = rnd.int(1, 5);
  const s: SegmentData[] = [
    ['W06', 'F', `DO${n}`, DATE, `SH${rnd.digits(7)}`, '', `PO${rnd.digits(8)}`],
    ['N1', 'ST', `STORE ${rnd.int(1, 999)}`, '9', rnd.digits(9)],
    ['N1', 'SF', 'TRADEWIRE DC', '9', rnd.digits(9)],
    ['N9', 'BM', `BOL${rnd.digits(10)}`],
    ['G62', '11', DATE],
    ['W27', 'M', 'UPSN', 'UPS GROUND'],
  ];
  let units = 0;
  for (let l = 1; l <= lines; l++) {
    const qty = rnd.int(1, 120);
    units += qty;
    s.push(['LX', String(l)], ['W12', 'CC', String(qty), String(qty), '0', 'EA', rnd.digits(12), 'VN', `SKU${rnd.digits(6)}`]);
  }
  s.push(['W03', String(units), String(rnd.int(5, 900)), 'LB']);
  return s;
}

/** Acknowledges the 945 of the interchange before it (its GS06 is n - 1); one in ten accepted with errors. */
function functionalAck(rnd: Random, n: number): SegmentData[] {
  const code = rnd.next() < 0.9 ? 'A' : 'E';
  return [
    ['AK1', 'SW', String(n - 1)],
    ['AK2', '945', '0001'],
    ['AK5', code],
    ['AK9', code, '1', '1', '1'],
  ];
}
