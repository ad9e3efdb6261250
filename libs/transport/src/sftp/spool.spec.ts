import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { sweepSpool } from './spool';

describe('sweepSpool', () => {
  it('removes our own spool files older than the limit, and leaves younger ones and anything else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-spool-'));
    const old = 'tradewire-sftp-00000000-0000-4000-8000-000000000001.part';
    const young = 'tradewire-sftp-00000000-0000-4000-8000-000000000002.part';
    for (const name of [old, young, 'not-ours.part']) writeFileSync(join(dir, name), 'x');
    const sevenHoursAgo = (Date.now() - 7 * 3_600_000) / 1000;
    utimesSync(join(dir, old), sevenHoursAgo, sevenHoursAgo);
    utimesSync(join(dir, 'not-ours.part'), sevenHoursAgo, sevenHoursAgo);
    expect(await sweepSpool(dir, 6 * 3_600_000)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['not-ours.part', young]);
    expect(await sweepSpool(join(dir, 'missing'), 1)).toBe(0);
  });
});
