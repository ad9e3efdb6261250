import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { resolveSecret, SecretError } from './secrets';

describe('resolveSecret', () => {
  it('reads env: references from the given environment', async () => {
    expect((await resolveSecret('env:SFTP_KEY', { SFTP_KEY: 's3cret' })).toString()).toBe('s3cret');
  });

  it('reads file: references as bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    writeFileSync(join(dir, 'key'), Buffer.from([0, 1, 2, 255]));
    expect([...(await resolveSecret(`file:${join(dir, 'key')}`, {}))]).toEqual([0, 1, 2, 255]);
  });

  it.each([
    ['env:MISSING', 'the environment variable is not set'],
    ['file:relative/key', 'a file reference needs an absolute path'],
    ['file:/nonexistent/tradewire/key', 'cannot read the file (ENOENT)'],
    ['plain-password', 'not env:NAME or file:/absolute/path'],
  ])('refuses %s, naming the reference and never a value', async (reference, reason) => {
    await expect(resolveSecret(reference, { OTHER: 'x' })).rejects.toThrow(new SecretError(reference, reason));
  });
});
