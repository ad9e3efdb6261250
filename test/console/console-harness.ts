import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Browser, chromium } from 'playwright-core';
import { createTestDatabase } from '@tradewire/persistence';
import { startGatewayHarness } from '../support/gateway-harness';
import { buildConsole } from '../../scripts/console-build';

/** Debian's Chromium: `npx playwright install` cannot download browsers here (npm test installs it: scripts/ensure-chromium.sh). */
const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] };

/**
 * The gateway on a real port with the pipeline's workers, its own schema and queue prefix, serving
 * the console as `npm run build` builds it (same build function, into a directory of its own), and
 * a headless Chromium to drive it.
 */
export interface ConsoleHarness {
  readonly base: string;
  readonly browser: Browser;
  readonly db: Awaited<ReturnType<typeof createTestDatabase>>;
  readonly keys: Readonly<Record<'ops' | 'onboarding' | 'readOnly' | 'acme' | 'northwind', string>>;
  call(path: string, key?: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startConsoleHarness(): Promise<ConsoleHarness> {
  const consoleDir = mkdtempSync(join(tmpdir(), 'tradewire-console-'));
  buildConsole(consoleDir);
  const h = await startGatewayHarness({ consoleDir, maxBodyBytes: 1_000_000 });
  const keys = {
    ops: await h.key('console ops', 'ops'),
    onboarding: await h.key('onboarding desk', 'onboarding'),
    readOnly: await h.key('dashboard', 'read-only'),
    acme: await h.key('acme portal', 'read-only', 'acme-3pl'),
    northwind: await h.key('northwind portal', 'read-only', 'northwind-supplier'),
  };
  const browser = await chromium.launch({ ...CHROMIUM, headless: true });
  return {
    base: h.base, browser, db: h.db, keys, call: h.call,
    async close() {
      await browser.close();
      await h.close();
      rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}
