import { Page } from 'playwright-core';
import { ConsoleHarness, startConsoleHarness } from './console-harness';

/**
 * The ops console in a real browser (Debian's Chromium through playwright-core) against the real
 * gateway and workers: log in, find a document that stopped, see its failing segment, fix the cause,
 * retry from the page and watch it reach applied.
 */
jest.setTimeout(60_000);
let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsoleHarness();
});

afterAll(async () => {
  await h?.close();
});

/** ACME reports a green widget its profile does not cross-reference yet: the 846 is held (UNKNOWN_ITEM). */
const NEW_ITEM_SNAPSHOT = [
  'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0700*U*00401*000000801*0*P*>',
  'GS*IB*ACME3PL*TRADEWIREDIST*20261130*0700*801*X*004010', 'ST*846*0001', 'BIA*00*SI*SNAP-8*20261130*0700', 'N1*WH*ACME DALLAS*92*DAL1',
  'LIN*1*VN*ACME-GW-300', 'QTY*17*40*EA', 'CTT*1*40', 'SE*7*0001', 'GE*1*801', 'IEA*1*000000801',
].join('~\n') + '~\n';

/**
 * A page that records every URL it requests (the key must be in none) and every script error or
 * Content-Security-Policy refusal (there must be none); the browser's own line for an HTTP error
 * answer (the 401, the 404 of a route not served yet) is expected and left out.
 */
async function newPage(): Promise<{ page: Page; urls: string[]; errors: string[] }> {
  const page = await h.browser.newPage();
  const urls: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return { page, urls, errors };
}

async function logIn(page: Page, key: string): Promise<void> {
  await page.goto(`${h.base}/console`);
  await page.fill('#api-key', key);
  await page.click('#login button[type=submit]');
}

async function updateProfile(id: string, change: (profile: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const current = (await (await h.call(`/partners/${id}`, h.keys.readOnly)).json()) as { profile: Record<string, unknown> };
  const res = await h.call(`/partners/${id}`, h.keys.onboarding, { method: 'PUT', body: JSON.stringify(change(current.profile)), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
}

describe('ops console', () => {
  it('is served without a key, its script and style from itself only, under a strict Content-Security-Policy', async () => {
    const page = await h.call('/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/console/app.js" defer>']);
    expect((await h.call('/console/app.js')).headers.get('content-type')).toContain('text/javascript');
  });

  it('shows the API’s 401 message for a wrong key, and keeps the key out of every URL', async () => {
    const { page, urls, errors } = await newPage();
    await logIn(page, 'tw_not-a-key');
    await expect(page.textContent('#login-status [role=alert]')).resolves.toBe('401: a valid API key is required (Authorization: Bearer <key>)');
    expect([urls.some((u) => u.includes('tw_not-a-key')), errors]).toEqual([false, []]);
    await page.close();
  });

  it('finds a held document, marks its failing segment, and after the profile is fixed retries it to applied', async () => {
    const upload = await h.call('/partners/acme-3pl/documents', h.keys.ops, { method: 'POST', body: NEW_ITEM_SNAPSHOT, headers: { 'content-type': 'application/edi-x12' } });
    const { id } = (await upload.json()) as { id: string };
    const { page, urls, errors } = await newPage();
    await logIn(page, h.keys.ops);

    // The list polls: the row turns up marked for attention once translation holds the set.
    const row = page.locator(`#documents tr[data-id="${id}"].attention`);
    await row.waitFor({ timeout: 20_000 });
    await expect(row.locator('td.sets').textContent()).resolves.toBe('846 held');
    await row.locator('a').click();

    const failing = page.locator('#raw-x12 li.failing');
    await failing.waitFor();
    await expect(failing.allTextContents()).resolves.toEqual(['LIN*1*VN*ACME-GW-300']);
    await expect(failing.getAttribute('data-codes')).resolves.toBe('UNKNOWN_ITEM');
    await expect(page.textContent('#document-body')).resolves.toContain("partner item VN ACME-GW-300 is not in acme-3pl's item cross-reference");
    await expect(page.textContent('#doc-status')).resolves.toBe('acknowledged');

    // Onboarding adds the item to ACME's cross-reference (a new profile version); ops retries from the page.
    await updateProfile('acme-3pl', (p) => {
      const refs = p.crossReferences as { items: object[] };
      return { ...p, crossReferences: { ...refs, items: [...refs.items, { qualifier: 'VN', value: 'ACME-GW-300', sku: 'WIDGET-GREEN' }] } };
    });
    await page.click('#action-retry');
    await page.locator('#action-result', { hasText: 'retry: translate and apply 1 transaction set(s) again' }).waitFor();
    await page.locator('#doc-status', { hasText: 'applied' }).waitFor({ timeout: 20_000 });
    await expect(page.locator('#raw-x12 li.failing').count()).resolves.toBe(0);
    await expect(page.textContent('#document-body')).resolves.toContain('InventorySnapshotReported');

    // The detail's acknowledgments and events follow the document's partner scoping.
    const acks = (await (await h.call(`/documents/${id}/acknowledgments`, h.keys.acme)).json()) as Array<{ kind: string; content: string }>;
    expect(acks.map((a) => [a.kind, a.content.includes('AK2*846*0001~')])).toEqual([['997', true]]);
    expect((await h.call(`/documents/${id}/events`, h.keys.northwind)).status).toBe(404);
    const audit = await h.db.dataSource.query(`SELECT actor, action FROM audit_log WHERE target_id = $1`, [id]);
    expect(audit).toEqual([{ actor: expect.stringMatching(/^key:console ops /), action: 'retry' }]);

    await page.click('a[data-nav=inventory]');
    await page.fill('#sku', 'WIDGET-GREEN');
    await page.click('#availability-lookup button');
    await page.locator('#availability td', { hasText: 'DAL-3PL' }).waitFor();
    await expect(page.locator('#availability tbody tr').first().locator('td').allTextContents()).resolves.toEqual(['DAL-3PL', '40', '0', '0', '0', '40']);
    expect([urls.some((u) => u.includes(h.keys.ops)), errors]).toEqual([false, []]);
    await page.close();
  });

  it('ignores a document with a reason from the page; the API refuses a retry by a read-only key and the page says so', async () => {
    const file = NEW_ITEM_SNAPSHOT.replace(/000000801/g, '000000802').replace(/\*801\*/, '*802*').replace('GE*1*801', 'GE*1*802').replace('ACME-GW-300', 'ACME-YW-400');
    const { id } = (await (await h.call('/partners/acme-3pl/documents', h.keys.ops, { method: 'POST', body: file, headers: { 'content-type': 'application/edi-x12' } })).json()) as { id: string };
    const { page, errors } = await newPage();
    await logIn(page, h.keys.readOnly);
    await page.goto(`${h.base}/console#/documents/${id}`);
    await page.locator('#raw-x12 li.failing', { hasText: 'ACME-YW-400' }).waitFor({ timeout: 20_000 });
    await page.click('#action-retry');
    await expect(page.locator('#action-result [role=alert]').textContent()).resolves.toBe('retry refused (403): role read-only may not do this');

    await page.click('#sign-out');
    await logIn(page, h.keys.ops);
    await page.goto(`${h.base}/console#/documents/${id}`);
    await page.click('#action-ignore');
    await expect(page.locator('#action-result [role=alert]').textContent()).resolves.toBe('Give a reason to ignore the document.');
    await page.fill('#ignore-reason', 'ACME resends it with the item it meant');
    await page.click('#action-ignore');
    await page.locator('#doc-status', { hasText: 'ignored' }).waitFor();
    await expect(page.textContent('#doc-reason')).resolves.toBe('ACME resends it with the item it meant');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows partner data as text: markup in a partner name is neither parsed nor run', async () => {
    const name = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Shopmart';
    await updateProfile('shopmart-marketplace', (p) => ({ ...p, name }));
    const { page, errors } = await newPage();
    await logIn(page, h.keys.readOnly);
    await page.click('a[data-nav=partners]');
    const cell = page.locator('#partners .partner-name', { hasText: 'Shopmart' });
    await expect(cell.textContent()).resolves.toBe(name);
    await expect(page.locator('#partners script, #partners img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the queue backlog, and a section whose route this gateway does not serve (404) as not available', async () => {
    const { page, errors } = await newPage();
    await logIn(page, h.keys.readOnly);
    await page.click('a[data-nav=operations]');
    await page.locator('#queues td', { hasText: 'inbound-documents' }).waitFor();
    const queues = (await (await h.call('/queues', h.keys.readOnly)).json()) as unknown[];
    await expect(page.locator('#queues tbody tr').count()).resolves.toBe(queues.length);
    // These routes come from other branches: what the page shows follows what the API answers.
    for (const [section, route] of [['failed-deliveries', '/deliveries?status=failed'], ['overdue-acknowledgments', '/expectations?status=overdue']]) {
      const served = (await h.call(route, h.keys.readOnly)).status !== 404;
      await page.locator(`#${section}[data-state=${served ? 'ready' : 'not-available'}]`).waitFor();
      if (!served) await expect(page.textContent(`#${section}`)).resolves.toBe(`Not available yet: this gateway does not serve GET ${route}.`);
    }
    await page.click('a[data-nav=partners]');
    await page.locator('#partners table').waitFor();
    const transports = (await h.call('/sftp/mailboxes', h.keys.readOnly)).status !== 404;
    await expect(page.locator('#transports-not-available').count()).resolves.toBe(transports ? 0 : 1);
    expect(errors).toEqual([]);
    expect((await h.call('/queues', h.keys.acme)).status).toBe(403);
    await page.close();
  });
});
