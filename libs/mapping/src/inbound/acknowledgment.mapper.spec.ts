import { AcknowledgmentReceived, validateEvent } from '@tradewire/canonical';
import { PartnerProfile, validateProfile } from '@tradewire/partners';
import { parseX12 } from '@tradewire/x12';
import { readFileSync } from 'fs';
import { join } from 'path';
import { translateDocument } from '../translate';
import { mapInterchangeAcknowledgments } from './acknowledgment.mapper';

const SAMPLES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'samples');

/** A partner that sends us 999s (and 997s): just enough profile for the mapping; its IDs are the file's, by default the imsweb sample's. */
function clearinghouse(ids = { ours: { qualifier: 'ZZ', id: 'ETIN' }, theirs: { qualifier: 'ZZ', id: 'EMEDNYBAT' } }): PartnerProfile {
  const parsed = validateProfile({
    id: 'claims-clearinghouse', name: 'Clearinghouse (999 samples)', roles: ['supplier'], status: 'test',
    interchange: ids,
    transactionSets: [{ set: '999', direction: 'inbound', version: '005010' }, { set: '997', direction: 'inbound', version: '004010' }],
    acknowledgments: { functional: '999' },
    controlNumbers: { interchange: { start: 1, end: 999999999 }, group: { start: 1, end: 999999999 }, transaction: { start: 1, end: 9999 } },
  }, 'in-test');
  if (parsed.profile === null) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return parsed.profile;
}

function acknowledgment(text: string | Buffer): AcknowledgmentReceived {
  const parsed = parseX12(text, { keepSegments: true });
  const [ic] = parsed.interchanges;
  // translateDocument only reads interchanges between the profile's partner and us.
  const [outcome] = translateDocument(parsed, clearinghouse({ ours: { qualifier: ic.receiverQualifier, id: ic.receiver }, theirs: { qualifier: ic.senderQualifier, id: ic.sender } }));
  if (outcome?.kind !== 'event' || outcome.event.type !== 'AcknowledgmentReceived') throw new Error(`no AcknowledgmentReceived: ${JSON.stringify(outcome)}`);
  return outcome.event;
}

/** A 997 around these segments (AK1 onwards, SE excluded). */
function ack997(body: readonly string[]): string {
  const isa = 'ISA*00*          *00*          *ZZ*EMEDNYBAT      *ZZ*ETIN           *261204*0800*U*00401*000000700*0*P*>~';
  return [isa, 'GS*FA*EMEDNYBAT*ETIN*20261204*0800*700*X*004010~', 'ST*997*0001~', ...body.map((s) => `${s}~`), `SE*${body.length + 2}*0001~`, 'GE*1*700~', 'IEA*1*000000700~'].join('\n');
}

describe('mapFunctionalAcknowledgment', () => {
  it.each([
    ['imsweb-999-rejected-pipe-component.edi', { kind: '999', acknowledgedGroup: '28', status: 'rejected', errors: [], transactions: [{ set: '837', control: '0028', status: 'rejected', errors: ['5', 'segment NM at 17: 1'] }] }],
    ['staedi-999-partial-ctx.edi', {
      kind: '999', acknowledgedGroup: '17456', status: 'partially-accepted', errors: [],
      transactions: [
        { set: '837', control: '0001', status: 'accepted', errors: [] },
        { set: '837', control: '0002', status: 'rejected', errors: ['5', 'segment CLM at 22: 8', 'element CLM02 at 22 (782): 1'] },
        { set: '837', control: '0003', status: 'rejected', errors: ['5', 'segment REF at 57: 3'] },
      ],
    }],
  ])('reads the public 999 sample %s', (file, payload) => {
    const event = acknowledgment(readFileSync(join(SAMPLES, '999', file)));
    expect(event.payload).toEqual(payload);
    expect(event.findings).toEqual([]);
    expect(validateEvent(event).ok).toBe(true);
  });

  it.each([
    ['A', 'accepted'], ['E', 'accepted-with-errors'], ['P', 'partially-accepted'], ['R', 'rejected'], ['M', 'rejected'], ['W', 'rejected'], ['X', 'rejected'],
  ])('reads AK901 %s as %s', (code, status) => {
    expect(acknowledgment(ack997(['AK1*OW*1001', `AK9*${code}*1*1*1`])).payload.status).toBe(status);
  });

  it('holds an acknowledgment whose AK501 is not a transaction status (P belongs to AK9 only)', () => {
    const event = acknowledgment(ack997(['AK1*OW*1001', 'AK2*940*0001', 'AK5*P', 'AK9*A*1*1*1']));
    expect(event.payload.transactions).toEqual([{ set: '940', control: '0001', status: 'rejected', errors: [] }]);
    expect(event.findings).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', segment: 'AK5', element: 'AK501', value: 'P' })]);
  });

  it('holds a 997 without AK1 or AK9 instead of throwing', () => {
    const event = acknowledgment(ack997(['AK2*940*0001', 'AK5*A']));
    expect(event.payload).toEqual({ kind: '997', status: 'rejected', errors: [], transactions: [] });
    expect(event.findings.map((f) => [f.code, f.segment])).toEqual([['MISSING_VALUE', 'AK1'], ['MISSING_VALUE', 'AK9']]);
    expect(validateEvent(event).ok).toBe(true);
  });
});

describe('mapInterchangeAcknowledgments', () => {
  it('gives nothing for an interchange without TA1', () => {
    expect(mapInterchangeAcknowledgments(parseX12(readFileSync(join(SAMPLES, '999', 'staedi-999-partial-ctx.edi'))), clearinghouse())).toEqual([]);
  });

  it('holds a TA1 whose TA104 is not A, E or R', () => {
    const isa = 'ISA*00*          *00*          *ZZ*EMEDNYBAT      *ZZ*ETIN           *261204*0800*U*00401*000000701*0*P*>~';
    const [event] = mapInterchangeAcknowledgments(parseX12(`${isa}TA1*000000042*261204*0750*Q*000~IEA*0*000000701~`), clearinghouse());
    expect(event.payload.status).toBe('rejected');
    expect(event.findings).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', segment: 'TA1', element: 'TA104', value: 'Q' })]);
    expect(validateEvent(event).ok).toBe(true);
  });
});
