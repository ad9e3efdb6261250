import { Writable } from 'stream';
import { createLogger } from './logger';

function capture(level: 'info' | 'warn' | 'silent'): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _e, done) { out.push(chunk.toString()); done(); } });
  return { logger: createLogger({ level }, stream), lines: () => out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  it('writes JSON lines with the level as a word and an ISO time', () => {
    const { logger, lines } = capture('info');
    logger.child({ correlationId: 'doc-1' }).info({ queue: 'inbound-documents' }, 'job completed');
    expect(lines()).toEqual([expect.objectContaining({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), correlationId: 'doc-1', queue: 'inbound-documents', msg: 'job completed' })]);
  });

  it('censors credentials and document bytes, whoever passes them', () => {
    const { logger, lines } = capture('info');
    logger.info({ password: 'hunter2', authorization: 'Bearer tw_secret', headers: { authorization: 'Bearer tw_secret' }, row: { content: 'ISA*00*', credential: 'env:X' } }, 'careless');
    const text = JSON.stringify(lines());
    expect(text).not.toMatch(/hunter2|tw_secret|ISA\*00|env:X/);
    expect(lines()[0]).toMatchObject({ password: '[redacted]', row: { content: '[redacted]', credential: '[redacted]' } });
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines().map((l) => l.msg)).toEqual(['loud']);
  });
});
