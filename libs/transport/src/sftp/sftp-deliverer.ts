import { PartnerProfile } from '@tradewire/partners';
import { Deliverer, OutboundDocument, outboundFileName } from '../delivery/deliverer';
import { remotePath } from './remote-names';
import { openSftp, SftpEndpoint, SftpSessionOptions } from './sftp-session';

/**
 * Delivers to the partner's outbound directory: upload under a temporary name (a leading dot and
 * `.part`, which partners' pickup patterns skip), check the size on the server, then rename, so the
 * partner never sees half a file. A retry after a rename that worked (but whose record did not) finds
 * the final file with the right size and is done.
 */
export class SftpDeliverer implements Deliverer {
  readonly transport = 'sftp' as const;

  constructor(private readonly options: SftpSessionOptions) {}

  accepts(profile: PartnerProfile): boolean {
    return profile.transports?.sftp !== undefined;
  }

  destination(document: OutboundDocument, profile: PartnerProfile): string {
    const sftp = endpointOf(profile);
    return `sftp://${sftp.host}:${sftp.port}${remotePath(sftp.directories.outbound, outboundFileName(document))}`;
  }

  async deliver(document: OutboundDocument, profile: PartnerProfile): Promise<void> {
    const sftp = endpointOf(profile);
    const name = outboundFileName(document);
    const final = remotePath(sftp.directories.outbound, name);
    const temporary = remotePath(sftp.directories.outbound, `.${name}.part`);
    const session = await openSftp(sftp, this.options);
    try {
      if ((await session.size(final)) === document.content.length) return;
      await session.write(temporary, document.content);
      const written = await session.size(temporary);
      if (written !== document.content.length) {
        await session.remove(temporary).catch(() => undefined);
        throw new Error(`uploaded ${written ?? 'no'} bytes of ${document.content.length} to ${temporary}`);
      }
      await session.rename(temporary, final);
    } finally {
      await session.end();
    }
  }
}

function endpointOf(profile: PartnerProfile): SftpEndpoint {
  const sftp = profile.transports?.sftp;
  if (sftp === undefined) throw new Error(`partner ${profile.id} has no SFTP transport`);
  return sftp;
}
