import { randomUUID } from 'crypto';
import { remotePath } from './remote-names';
import { openSftp, SftpEndpoint, SftpSessionOptions } from './sftp-session';

export interface ConnectionCheck {
  readonly step: 'login' | 'list inbound' | 'write probe' | 'remove probe';
  readonly ok: boolean;
  readonly detail?: string;
}

/**
 * Ops' connection test: log in (host key and credential checked), list the inbound directory, write a
 * probe file to the outbound directory and remove it. Stops at the first step that fails.
 */
export async function testSftpConnection(endpoint: SftpEndpoint, options: SftpSessionOptions): Promise<{ ok: boolean; checks: ConnectionCheck[] }> {
  const checks: ConnectionCheck[] = [];
  const fail = (step: ConnectionCheck['step'], e: unknown) => {
    checks.push({ step, ok: false, detail: (e as Error).message });
    return { ok: false, checks };
  };
  let session;
  try {
    session = await openSftp(endpoint, options);
    checks.push({ step: 'login', ok: true });
  } catch (e) {
    return fail('login', e);
  }
  const probe = remotePath(endpoint.directories.outbound, `.tradewire-probe-${randomUUID()}`);
  let step: ConnectionCheck['step'] = 'list inbound';
  try {
    const files = await session.list(endpoint.directories.inbound);
    checks.push({ step, ok: true, detail: `${files.length} entries` });
    step = 'write probe';
    await session.write(probe, Buffer.from('tradewire connection test\n'));
    checks.push({ step, ok: true, detail: probe });
    step = 'remove probe';
    await session.remove(probe);
    checks.push({ step, ok: true });
    return { ok: true, checks };
  } catch (e) {
    return fail(step, e);
  } finally {
    await session.end();
  }
}
