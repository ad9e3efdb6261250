import { z } from 'zod';
import { eventSchema, PARTNER_ITEM, QUANTITY } from './event-envelope';

/** What a quantity means for stock: QTY01 qualifiers map onto these through the partner's profile. */
export const STOCK_BUCKETS = ['on-hand', 'available', 'on-hold', 'in-transit', 'on-order', 'damaged'] as const;

const ITEM_REF = z.strictObject({
  /** Our SKU; absent when the partner's item is not in the cross-reference (see findings). */
  sku: z.string().min(1).optional(),
  partnerItem: PARTNER_ITEM,
});

/** 846 from a 3PL or supplier: stock per item at one location, as of a time. */
export const INVENTORY_SNAPSHOT_REPORTED = eventSchema(
  'InventorySnapshotReported',
  z.strictObject({
    location: z.string().min(1).optional(),
    asOf: z.string().datetime({ offset: true }),
    /** full: these figures replace the location's; delta: they are movements. */
    mode: z.enum(['full', 'delta']),
    /** BIA02 report type and BIA03 reference, for people. */
    reference: z.string().optional(),
    lines: z.array(
      ITEM_REF.extend({
        line: z.number().int().positive(),
        /** The line's own location (an N1 in its LIN loop), when it differs from the snapshot's. */
        location: z.string().min(1).optional(),
        /** In our base unit (after the profile's unit conversion). */
        unit: z.string().min(1),
        quantities: z.partialRecord(z.enum(STOCK_BUCKETS), QUANTITY),
      }),
    ),
  }),
);

/** 856 from a supplier: what is on its way to us. */
export const INBOUND_SHIPMENT_ADVISED = eventSchema(
  'InboundShipmentAdvised',
  z.strictObject({
    shipmentId: z.string().min(1),
    shippedAt: z.string().datetime({ offset: true }).optional(),
    expectedAt: z.string().datetime({ offset: true }).optional(),
    location: z.string().min(1).optional(),
    carrier: z.strictObject({ scac: z.string().optional(), trackingNumber: z.string().optional() }).optional(),
    lines: z.array(
      ITEM_REF.extend({
        line: z.number().int().positive(),
        quantity: QUANTITY,
        unit: z.string().min(1),
        purchaseOrder: z.string().optional(),
        sscc: z.string().optional(),
        lot: z.string().optional(),
      }),
    ),
  }),
);

const PARTY = z.strictObject({
  name: z.string().optional(),
  idQualifier: z.string().optional(),
  id: z.string().optional(),
  address: z.array(z.string()).optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});

/** What a 940 carries: an order released to a 3PL warehouse for picking and shipping. */
export const WAREHOUSE_ORDER_RELEASED = eventSchema(
  'WarehouseOrderReleased',
  z.strictObject({
    orderId: z.string().min(1),
    purchaseOrder: z.string().optional(),
    /** N (original), F (cancel) … as W0501. */
    purpose: z.enum(['original', 'cancel', 'change']),
    warehouse: z.string().min(1).optional(),
    shipTo: PARTY,
    requestedShipDate: z.string().date().optional(),
    lines: z.array(ITEM_REF.extend({ line: z.number().int().positive(), quantity: QUANTITY, unit: z.string().min(1) })),
  }),
);

/** A 945: what the warehouse shipped for an order, line by line, short ships included. */
export const SHIPMENT_CONFIRMED = eventSchema(
  'ShipmentConfirmed',
  z.strictObject({
    orderId: z.string().min(1),
    purchaseOrder: z.string().optional(),
    shippedAt: z.string().datetime({ offset: true }),
    billOfLading: z.string().optional(),
    warehouse: z.string().min(1).optional(),
    carrier: z.strictObject({ scac: z.string().optional(), trackingNumber: z.string().optional() }).optional(),
    lines: z.array(
      ITEM_REF.extend({
        line: z.number().int().positive(),
        ordered: QUANTITY.optional(),
        shipped: QUANTITY,
        unit: z.string().min(1),
        /** W1201: CC complete, CP partial, … */
        status: z.string().min(1),
        lot: z.string().optional(),
      }),
    ),
  }),
);

/** An outbound 856: the ASN we send a customer. */
export const SHIPMENT_NOTICE_ISSUED = eventSchema(
  'ShipmentNoticeIssued',
  z.strictObject({
    shipmentId: z.string().min(1),
    shippedAt: z.string().datetime({ offset: true }),
    shipTo: PARTY,
    carrier: z.strictObject({ scac: z.string().optional(), trackingNumber: z.string().optional() }).optional(),
    billOfLading: z.string().optional(),
    orders: z.array(
      z.strictObject({
        purchaseOrder: z.string().min(1),
        packs: z.array(
          z.strictObject({
            sscc: z.string().regex(/^[0-9]{18}$/).optional(),
            items: z.array(ITEM_REF.extend({ quantity: QUANTITY, unit: z.string().min(1) })).min(1),
          }),
        ).min(1),
      }),
    ).min(1),
  }),
);

/** A TA1, 997 or 999 received: the partner's verdict on something we sent. */
export const ACKNOWLEDGMENT_RECEIVED = eventSchema(
  'AcknowledgmentReceived',
  z.strictObject({
    kind: z.enum(['TA1', '997', '999']),
    /** Our interchange (TA1) or group (997/999) control number being acknowledged. */
    acknowledgedInterchange: z.string().optional(),
    acknowledgedGroup: z.string().optional(),
    status: z.enum(['accepted', 'accepted-with-errors', 'partially-accepted', 'rejected']),
    errors: z.array(z.string()),
    transactions: z.array(z.strictObject({ set: z.string(), control: z.string(), status: z.enum(['accepted', 'accepted-with-errors', 'rejected']), errors: z.array(z.string()) })),
  }),
);

export const EVENT_SCHEMAS = {
  InventorySnapshotReported: INVENTORY_SNAPSHOT_REPORTED,
  InboundShipmentAdvised: INBOUND_SHIPMENT_ADVISED,
  WarehouseOrderReleased: WAREHOUSE_ORDER_RELEASED,
  ShipmentConfirmed: SHIPMENT_CONFIRMED,
  ShipmentNoticeIssued: SHIPMENT_NOTICE_ISSUED,
  AcknowledgmentReceived: ACKNOWLEDGMENT_RECEIVED,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type InventorySnapshotReported = z.infer<typeof INVENTORY_SNAPSHOT_REPORTED>;
export type InboundShipmentAdvised = z.infer<typeof INBOUND_SHIPMENT_ADVISED>;
export type WarehouseOrderReleased = z.infer<typeof WAREHOUSE_ORDER_RELEASED>;
export type ShipmentConfirmed = z.infer<typeof SHIPMENT_CONFIRMED>;
export type ShipmentNoticeIssued = z.infer<typeof SHIPMENT_NOTICE_ISSUED>;
export type AcknowledgmentReceived = z.infer<typeof ACKNOWLEDGMENT_RECEIVED>;
export type CanonicalEvent = InventorySnapshotReported | InboundShipmentAdvised | WarehouseOrderReleased | ShipmentConfirmed | ShipmentNoticeIssued | AcknowledgmentReceived;
