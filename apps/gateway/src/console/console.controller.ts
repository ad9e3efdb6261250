import { Controller, Get, Inject, NotFoundException, Res } from '@nestjs/common';
import type { Response } from 'express';
import { readFile } from 'fs/promises';
import { join } from 'path';
import { Public } from '../auth/api-key.guard';
import { CONSOLE_DIR } from '../tokens';

/**
 * The page allows only its own script, style and API calls: partner data shown in it is untrusted, so
 * even markup that slipped into the page could not run inline script, load anything from elsewhere
 * or post a form (the API key must never travel in a URL).
 */
export const CONSOLE_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const ASSETS = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
} as const;

/**
 * The ops console: static files the build produces (scripts/console-build.js). They need no key; every
 * call the page makes goes to the API with the key the user entered, so the audit log sees each action.
 */
@Controller('console')
export class ConsoleController {
  constructor(@Inject(CONSOLE_DIR) private readonly dir: string | null) {}

  @Get()
  @Public()
  async page(@Res() res: Response): Promise<void> {
    await this.send(res, 'index.html');
  }

  @Get('app.js')
  @Public()
  async script(@Res() res: Response): Promise<void> {
    await this.send(res, 'app.js');
  }

  @Get('app.css')
  @Public()
  async style(@Res() res: Response): Promise<void> {
    await this.send(res, 'app.css');
  }

  private async send(res: Response, file: keyof typeof ASSETS): Promise<void> {
    const body = this.dir === null ? null : await readFile(join(this.dir, file)).catch(() => null);
    if (body === null) throw new NotFoundException('the console is not built in this installation (npm run build)');
    res.setHeader('Content-Type', ASSETS[file]);
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // A rebuilt console is picked up at the next load; nothing here is secret or large.
    res.setHeader('Cache-Control', 'no-cache');
    res.send(body);
  }
}
