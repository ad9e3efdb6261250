/**
 * @tradewire/metrics: Prometheus metrics (prom-client, one registry per app instance), read at scrape
 * time from PostgreSQL, the queues and the few event counters kept in Redis, so every process's work
 * is counted whichever process is scraped.
 */
export * from './metrics-registry';
export * from './event-counters';
