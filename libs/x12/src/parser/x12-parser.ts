import { ParseResult } from '../envelope/envelope';
import { EnvelopeParser, EnvelopeParserOptions } from '../envelope/envelope-parser';
import { SegmentTokenizer, TokenizerLimits } from '../tokenizer/segment-tokenizer';

export type ParseOptions = EnvelopeParserOptions & TokenizerLimits;
export type X12Chunk = string | Uint8Array;

function byteLength(chunk: X12Chunk): number {
  return typeof chunk === 'string' ? chunk.length : chunk.byteLength;
}

/**
 * The incremental X12 parser: tokenizer and envelope checks in one pass.
 * `push()` chunks as they arrive, then `end()` for the result. One instance per input.
 * String chunks are taken as one character per byte (give Buffers for byte-exact offsets of non-ASCII data).
 */
export class X12Parser {
  private readonly envelope: EnvelopeParser;
  private readonly tokenizer: SegmentTokenizer;
  private bytes = 0;

  constructor(options: ParseOptions = {}) {
    this.envelope = new EnvelopeParser(options);
    this.tokenizer = new SegmentTokenizer(this.envelope, options, { splitElements: options.onSegment !== undefined });
  }

  push(chunk: X12Chunk): void {
    this.bytes += byteLength(chunk);
    if (typeof chunk === 'string') this.tokenizer.push(chunk);
    else this.tokenizer.pushBytes(chunk);
  }

  end(): ParseResult {
    this.tokenizer.end();
    this.envelope.end();
    const { interchanges, fragments, diagnostics, segmentCount } = this.envelope;
    diagnostics.sort((a, b) => a.offset - b.offset);
    return { bytes: this.bytes, segmentCount, interchanges, fragments, diagnostics };
  }
}

/** Parses a whole input held in memory (string or Buffer). */
export function parseX12(input: X12Chunk, options: ParseOptions = {}): ParseResult {
  const parser = new X12Parser(options);
  parser.push(input);
  return parser.end();
}

/** Parses chunks from an async iterable: a Node Readable, a web stream reader loop, a generator. */
export async function parseX12Stream(source: AsyncIterable<X12Chunk>, options: ParseOptions = {}): Promise<ParseResult> {
  const parser = new X12Parser(options);
  for await (const chunk of source) parser.push(chunk);
  return parser.end();
}
