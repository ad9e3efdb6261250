import { randomBytes } from 'crypto';

/**
 * The little MIME (RFC 2045/2046) AS2 needs, on bytes: a signature covers the exact bytes of a body
 * part, so parts are cut out of the buffer, never re-serialised from parsed headers.
 */
export interface MimeEntity {
  /** Header names in lower case; folded lines unfolded (RFC 5322 §2.2.3). */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
  /** The entity exactly as given: headers, blank line and body. */
  readonly raw: Buffer;
}

export interface ContentType {
  /** type/subtype in lower case */
  readonly type: string;
  /** Parameter names in lower case, values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

const CRLF = Buffer.from('\r\n');

/** Splits headers from body at the first empty line (CRLF CRLF, or bare LF LF as some tools write). */
export function parseEntity(raw: Buffer): MimeEntity {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const useLf = lf >= 0 && (crlf < 0 || lf < crlf);
  const end = useLf ? lf : crlf;
  if (end < 0) return { headers: parseHeaders(raw.toString('latin1')), body: Buffer.alloc(0), raw };
  return { headers: parseHeaders(raw.subarray(0, end).toString('latin1')), body: raw.subarray(end + (useLf ? 2 : 4)), raw };
}

export function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** `type/subtype; a=b; c="d e"` → parts. Quoted values may hold `;` (RFC 2045 §5.1). */
export function parseContentType(value: string | undefined): ContentType {
  if (value === undefined) return { type: 'text/plain', params: {} };
  const pieces = splitParams(value);
  const params: Record<string, string> = {};
  for (const piece of pieces.slice(1)) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const name = piece.slice(0, eq).trim().toLowerCase();
    const raw = piece.slice(eq + 1).trim();
    params[name] = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return { type: pieces[0].trim().toLowerCase(), params };
}

function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/**
 * The body parts of a multipart body, each exactly as sent (RFC 2046 §5.1.1: the line break before a
 * delimiter belongs to the delimiter, not to the part).
 */
export function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const starts: number[] = [];
  for (let at = body.indexOf(delimiter); at >= 0; at = body.indexOf(delimiter, at + delimiter.length)) {
    if (at === 0 || body[at - 1] === 0x0a) starts.push(at);
  }
  const parts: Buffer[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const lineEnd = body.indexOf('\n', starts[i]);
    if (lineEnd < 0) break;
    let end = starts[i + 1] - 1;
    if (end > 0 && body[end - 1] === 0x0d) end--;
    parts.push(body.subarray(lineEnd + 1, Math.max(lineEnd + 1, end)));
    if (body.subarray(starts[i + 1] + delimiter.length, starts[i + 1] + delimiter.length + 2).toString() === '--') break;
  }
  return parts;
}

export function buildEntity(headers: ReadonlyArray<readonly [string, string]>, body: Buffer): Buffer {
  const head = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
}

export function buildMultipart(boundary: string, parts: readonly Buffer[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}\r\n`), part, CRLF);
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export function newBoundary(): string {
  return `----=_tradewire_${randomBytes(12).toString('hex')}`;
}

/** The body with its Content-Transfer-Encoding undone (base64; 7bit, 8bit and binary are as is). */
export function decodedBody(entity: MimeEntity): Buffer {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? 'binary').toLowerCase();
  if (encoding === 'base64') return Buffer.from(entity.body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(entity.body);
  return entity.body;
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

/** Base64 in lines of 76 characters (RFC 2045 §6.8). */
export function base64Lines(bytes: Buffer): Buffer {
  return Buffer.from((bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n');
}
