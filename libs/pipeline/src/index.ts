/**
 * @tradewire/pipeline: the stages a received document goes through (intake, translation, apply) as
 * services, and the BullMQ workers that run them. Started by the worker app and, in one process with
 * the API, by the gateway app.
 */
export * from './pipeline';
export * from './profiles/profile-registry';
export * from './intake/intake.service';
export * from './translation/translation.service';
export * from './inventory/inventory.service';
export * from './operations/document-operations';
export * from './dry-run/dry-run';
export * from './profiles/profile-store';
export * from './profiles/sync-profiles';
export * from './runtime/start-services';
export * from './outbound/outbound-sender';
export * from './outbound/follow-ups';
export * from './orders/order.service';
export * from './orders/warehouse-order-request';
export * from './acknowledgments/expectations';
export * from './transports/start-transports';
export * from './availability/channel-availability.service';
