import { timingSafeEqual } from 'crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmdirSync, Stats, statSync, unlinkSync, writeSync } from 'fs';
import { AddressInfo } from 'net';
import { join, posix } from 'path';
import { Connection, ParsedKey, Server, SFTPWrapper, utils } from 'ssh2';
import { sshFingerprint } from '@tradewire/transport';
import { ed25519KeyPair } from './ssh-keys';

const { STATUS_CODE } = utils.sftp;

/** Faults a test can inject: return true to make the operation fail (or, for a read, to kill the server). */
export interface SftpFaults {
  rename?: (from: string, to: string) => boolean;
  /** Called before each READ; `true` stops the server (listener and every connection) instead of answering. */
  killOnRead?: (path: string, offset: number) => boolean;
  /** Extra names a directory listing shows (a hostile server's names); they exist nowhere. */
  extraEntries?: (directory: string) => string[];
}

export interface TestSftpServerOptions {
  readonly root: string;
  readonly username: string;
  readonly password?: string;
  /** An OpenSSH public key the user may log in with. */
  readonly publicKey?: string;
}

type Handle = { kind: 'file'; fd: number; path: string } | { kind: 'dir'; path: string; listed: boolean };

/**
 * A real SSH/SFTP server in-process (ssh2's Server) for the tests: 127.0.0.1, a random port, an ed25519
 * host key of its own, password and public-key login, serving `root` (no remote path can leave it).
 * `stop()` kills it, connections and all; `start()` brings it back on the same port.
 */
export class TestSftpServer {
  readonly hostKeyFingerprint: string;
  readonly faults: SftpFaults = {};
  /** What clients did, for assertions: login attempts by method, paths opened, renames. */
  readonly seen = { logins: [] as string[], opened: [] as string[], renamed: [] as Array<[string, string]> };
  private readonly hostKey: string;
  private server: Server | null = null;
  private readonly connections = new Set<Connection>();
  port = 0;

  constructor(private readonly options: TestSftpServerOptions) {
    const keys = ed25519KeyPair();
    this.hostKey = keys.private;
    this.hostKeyFingerprint = sshFingerprint(keys.publicKey.getPublicSSH());
  }

  async start(): Promise<this> {
    const server = new Server({ hostKeys: [this.hostKey] }, (client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const c of this.connections) c.end();
    this.connections.clear();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Connection): void {
    this.connections.add(client);
    client.on('close', () => this.connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      this.seen.logins.push(ctx.method);
      if (ctx.username !== this.options.username) return ctx.reject();
      if (ctx.method === 'password' && this.options.password !== undefined && same(ctx.password, this.options.password)) return ctx.accept();
      if (ctx.method === 'publickey' && this.options.publicKey !== undefined) {
        const allowed = utils.parseKey(this.options.publicKey) as ParsedKey;
        if (ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject();
        if (ctx.signature === undefined) return ctx.accept();
        return allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject();
      }
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => client.on('session', (acceptSession) => acceptSession().on('sftp', (acceptSftp) => this.serve(acceptSftp()))));
  }

  /** The local path for a remote one: normalised against `/` first, so `..` cannot climb out of the root. */
  local(remote: string): string {
    return join(this.options.root, posix.normalize(`/${remote}`));
  }

  private serve(sftp: SFTPWrapper): void {
    const handles = new Map<number, Handle>();
    let next = 0;
    const handle = (h: Handle) => {
      const id = next++;
      handles.set(id, h);
      const b = Buffer.alloc(4);
      b.writeUInt32BE(id);
      return b;
    };
    const find = (b: Buffer) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);
    const attempt = (reqid: number, work: () => void) => {
      try {
        work();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE, (e as Error).message);
      }
    };
    sftp.on('REALPATH', (reqid, path) => {
      const p = posix.normalize(`/${path}`);
      sftp.name(reqid, [{ filename: p, longname: p, attrs: {} as never }]);
    });
    for (const op of ['STAT', 'LSTAT'] as const) sftp.on(op, (reqid: number, path: string) => attempt(reqid, () => sftp.attrs(reqid, attrs(statSync(this.local(path))))));
    sftp.on('FSTAT', (reqid, b) => {
      const h = find(b);
      if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
      attempt(reqid, () => sftp.attrs(reqid, attrs(fstatSync(h.fd))));
    });
    sftp.on('OPENDIR', (reqid, path) => attempt(reqid, () => {
      if (!statSync(this.local(path)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      sftp.handle(reqid, handle({ kind: 'dir', path, listed: false }));
    }));
    sftp.on('READDIR', (reqid, b) => {
      const h = find(b);
      if (h?.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE);
      // The listing comes whole in the first answer; the second says EOF, as clients expect.
      if (h.listed) return sftp.status(reqid, STATUS_CODE.EOF);
      h.listed = true;
      attempt(reqid, () => {
        const real = readdirSync(this.local(h.path)).map((name) => entry(name, statSync(join(this.local(h.path), name))));
        const fake = (this.faults.extraEntries?.(h.path) ?? []).map((name) => ({ ...entry('x', statSync(this.local(h.path))), filename: name, longname: `-rw-r--r-- 1 test test 10 Nov 30 06:00 ${name}`, attrs: { ...attrs(statSync(this.local(h.path))), size: 10, mode: 0o100644 } }));
        sftp.name(reqid, [...real, ...fake]);
      });
    });
    sftp.on('OPEN', (reqid, path, flags) => attempt(reqid, () => this.seen.opened.push(path) && sftp.handle(reqid, handle({ kind: 'file', fd: openSync(this.local(path), openFlags(flags)), path }))));
    sftp.on('READ', (reqid, b, offset, length) => {
      const h = find(b);
      if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
      if (this.faults.killOnRead?.(h.path, offset)) return void this.stop();
      const buffer = Buffer.alloc(length);
      attempt(reqid, () => {
        const n = readSync(h.fd, buffer, 0, length, offset);
        if (n === 0) sftp.status(reqid, STATUS_CODE.EOF);
        else sftp.data(reqid, buffer.subarray(0, n));
      });
    });
    sftp.on('WRITE', (reqid, b, offset, data) => {
      const h = find(b);
      if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
      attempt(reqid, () => {
        writeSync(h.fd, data, 0, data.length, offset);
        sftp.status(reqid, STATUS_CODE.OK);
      });
    });
    sftp.on('CLOSE', (reqid, b) => {
      const h = find(b);
      if (h === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
      handles.delete(b.readUInt32BE(0));
      attempt(reqid, () => {
        if (h.kind === 'file') closeSync(h.fd);
        sftp.status(reqid, STATUS_CODE.OK);
      });
    });
    sftp.on('RENAME', (reqid, from, to) => attempt(reqid, () => {
      this.seen.renamed.push([from, to]);
      if (this.faults.rename?.(from, to)) throw new Error('rename refused (injected fault)');
      // SFTP v3: renaming onto an existing file fails.
      if (exists(this.local(to))) throw new Error(`${to} exists`);
      renameSync(this.local(from), this.local(to));
      sftp.status(reqid, STATUS_CODE.OK);
    }));
    sftp.on('REMOVE', (reqid, path) => attempt(reqid, () => { unlinkSync(this.local(path)); sftp.status(reqid, STATUS_CODE.OK); }));
    sftp.on('MKDIR', (reqid, path) => attempt(reqid, () => { mkdirSync(this.local(path)); sftp.status(reqid, STATUS_CODE.OK); }));
    sftp.on('RMDIR', (reqid, path) => attempt(reqid, () => { rmdirSync(this.local(path)); sftp.status(reqid, STATUS_CODE.OK); }));
    sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
    sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function attrs(s: Stats) {
  return { mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: Math.floor(s.atimeMs / 1000), mtime: Math.floor(s.mtimeMs / 1000) };
}

/** ssh2-sftp-client's list() reads the entry type from the first character of an `ls -l` style line. */
function entry(name: string, s: Stats) {
  const type = s.isDirectory() ? 'd' : s.isFile() ? '-' : 'l';
  return { filename: name, longname: `${type}rw-r--r-- 1 test test ${s.size} Nov 30 06:00 ${name}`, attrs: attrs(s) };
}

function openFlags(flags: number): string {
  const mode = utils.sftp.flagsToString(flags);
  if (mode === null) throw new Error(`unsupported open flags ${flags}`);
  return mode;
}
