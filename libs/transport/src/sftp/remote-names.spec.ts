import { matchesPattern, remotePath, unsafeNameReason } from './remote-names';
import { selectComplete } from './stability';

describe('remote names', () => {
  it.each([
    ['../../etc/passwd', 'a path separator in the name'],
    ['/etc/passwd', 'a path separator in the name'],
    ['..', 'a directory reference'],
    ['.', 'a directory reference'],
    ['a\\..\\b', 'a path separator in the name'],
    ['evil\0.edi', 'a control character in the name'],
    ['line\nbreak.edi', 'a control character in the name'],
    ['', 'empty name'],
    ['x'.repeat(256), 'name longer than 255 bytes'],
  ])('refuses %j (%s)', (name, reason) => {
    expect(unsafeNameReason(name)).toBe(reason);
    expect(() => remotePath('/outbox', name)).toThrow(/refused remote name/);
  });

  it.each(['945-0001.edi', '.hidden.edi', 'name with spaces.edi', 'ünïcode.edi', '..edi'])('accepts the plain name %j inside its directory', (name) => {
    expect(unsafeNameReason(name)).toBeNull();
    expect(remotePath('/outbox/to-tradewire/', name)).toBe(`/outbox/to-tradewire/${name}`);
  });

  it.each([
    ['*.edi', 'a.edi', true],
    ['*.edi', 'a.edi.tmp', false],
    ['945_??.x12', '945_01.x12', true],
    ['945_??.x12', '945_1.x12', false],
    ['a+b(1).edi', 'a+b(1).edi', true],
    ['*', 'anything', true],
  ])('pattern %s on %s: %s', (pattern, name, expected) => {
    expect(matchesPattern(name, pattern)).toBe(expected);
  });
});

describe('selectComplete', () => {
  const file = (name: string, size = 10, mtime = 100) => ({ name, size, mtime, isFile: true });

  it('size-mtime: a file is ready only when the previous listing saw the same size and mtime', () => {
    const first = selectComplete([file('a.edi', 10)], new Map(), 'size-mtime', '*.edi');
    expect(first.ready).toEqual([]);
    const grown = selectComplete([file('a.edi', 20, 101)], new Map(first.observed.map((o) => [o.name, o])), 'size-mtime', '*.edi');
    expect(grown.ready).toEqual([]);
    const still = selectComplete([file('a.edi', 20, 101)], new Map(grown.observed.map((o) => [o.name, o])), 'size-mtime', '*.edi');
    expect(still.ready.map((f) => f.name)).toEqual(['a.edi']);
  });

  it('done-file: a file is ready when its .done companion is there, and the companion is never a document', () => {
    const s = selectComplete([file('a.edi'), file('b.edi'), file('a.edi.done')], new Map(), 'done-file', '*');
    expect(s.ready.map((f) => f.name)).toEqual(['a.edi']);
  });

  it('temporary-name: files under a temporary name wait for their rename', () => {
    const s = selectComplete([file('a.edi'), file('b.edi.part'), file('.c.edi'), file('d.edi.tmp')], new Map(), 'temporary-name', '*');
    expect(s.ready.map((f) => f.name)).toEqual(['a.edi']);
  });

  it('refuses unsafe names whatever the rule, and ignores directories', () => {
    const s = selectComplete([file('../x.edi'), file('a\0.edi'), { ...file('dir.edi'), isFile: false }], new Map(), 'temporary-name', '*');
    expect(s.ready).toEqual([]);
    expect(s.refused.map((r) => r.name)).toEqual(['../x.edi', 'a\0.edi']);
  });
});
