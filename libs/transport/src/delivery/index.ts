export * from './deliverer';
export * from './delivery-service';
