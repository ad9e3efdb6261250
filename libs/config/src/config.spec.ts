import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the local PostgreSQL and Redis', () => {
    expect(loadConfig({})).toEqual({
      database: { url: 'postgres://postgres@127.0.0.1:5432/postgres' },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'tradewire', lockMs: 30000 },
      http: { port: 3000, maxBodyBytes: 52428800 },
      limits: { maxDocumentBytes: 104857600 },
      sftp: { pollConcurrency: 4, deliveryConcurrency: 4, connectTimeoutMs: 20000, failuresBeforeOpen: 5, circuitOpenSeconds: 900 },
    });
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
});
