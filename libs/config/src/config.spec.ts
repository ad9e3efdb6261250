import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the local PostgreSQL and Redis', () => {
    expect(loadConfig({})).toEqual({
      database: { url: 'postgres://postgres@127.0.0.1:5432/postgres' },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'tradewire', lockMs: 30000 },
      http: { port: 3000, maxBodyBytes: 52428800 },
      limits: { maxDocumentBytes: 104857600 },
      sftp: { pollConcurrency: 4, deliveryConcurrency: 4, connectTimeoutMs: 20000, failuresBeforeOpen: 5, circuitOpenSeconds: 900 },
      logging: { level: 'info' },
    });
  });

  it('logs at info by default, silently under Jest unless LOG_LEVEL says otherwise, and refuses an unknown level', () => {
    expect(loadConfig({ JEST_WORKER_ID: '1' }).logging).toEqual({ level: 'silent' });
    expect(loadConfig({ JEST_WORKER_ID: '1', LOG_LEVEL: 'debug' }).logging).toEqual({ level: 'debug' });
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent');
  });

  it('lists every bad variable, not the first', () => {
    expect.assertions(2);
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', REDIS_URL: 'not a url', PORT: '70000' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([
        'DATABASE_URL: mysql: is not one of postgres:, postgresql:',
        'REDIS_URL: "not a url" is not a URL',
        'PORT: "70000" is not a whole number from 1 to 65535',
      ]);
    }
  });

  it('reads our AS2 identity as secret references, both or neither, never a key itself', () => {
    expect(loadConfig({ AS2_PRIVATE_KEY: 'file:/run/secrets/as2.key', AS2_CERTIFICATE: 'env:AS2_CERT_PEM', AS2_ASYNC_MDN_URL: 'https://edi.example/as2/mdn' }).as2).toEqual({
      privateKey: 'file:/run/secrets/as2.key', certificate: 'env:AS2_CERT_PEM', asyncMdnUrl: 'https://edi.example/as2/mdn',
    });
    expect(() => loadConfig({ AS2_PRIVATE_KEY: 'file:/run/secrets/as2.key' })).toThrow(/AS2_CERTIFICATE: needed with AS2_PRIVATE_KEY/);
    expect(() => loadConfig({ AS2_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----', AS2_CERTIFICATE: 'env:X' })).toThrow(/AS2_PRIVATE_KEY: a secret reference/);
    expect(loadConfig({ AS2_PRIVATE_KEY: 'env:K', AS2_CERTIFICATE: 'env:C', AS2_PREVIOUS_PRIVATE_KEY: 'env:OLD_K', AS2_PREVIOUS_CERTIFICATE: 'env:OLD_C' }).as2?.previous).toEqual({ privateKey: 'env:OLD_K', certificate: 'env:OLD_C' });
    expect(() => loadConfig({ AS2_PREVIOUS_PRIVATE_KEY: 'env:OLD_K', AS2_PREVIOUS_CERTIFICATE: 'env:OLD_C' })).toThrow(/AS2_PREVIOUS_PRIVATE_KEY: needs AS2_PRIVATE_KEY/);
  });
});
