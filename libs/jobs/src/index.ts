/** @tradewire/jobs: queue and job names, typed payloads, the one enqueue helper, Redis connections. */
export * from './jobs';
export * from './redis';
