/**
 * The X12 codes our outbound documents are written with, shared by the generators and by the readers
 * that read those documents back. Element numbers are the X12 data element dictionary's.
 */

/** BSN01 / BIA01, element 353 Transaction Set Purpose Code: 00 Original. */
export const ORIGINAL = '00';

/** W0501, element 473 Order Status Code: N Original, F Cancel, R Change. */
export const ORDER_STATUS = { original: 'N', cancel: 'F', change: 'R' } as const;
/** G6201, element 432 Date Qualifier: 10 Requested Ship Date/Pick-up Date. */
export const REQUESTED_SHIP_DATE = '10';
/** N101, element 98 Entity Identifier Code: ST Ship To, WH Warehouse. */
export const SHIP_TO = 'ST';
export const WAREHOUSE = 'WH';

/** BSN05, element 1005 Hierarchical Structure Code: 0001 Shipment, Order, Packaging, Item; 0004 Shipment, Order, Item. */
export const HIERARCHICAL_STRUCTURE = { SOPI: '0001', SOI: '0004' } as const;
/** TD502, element 66 Identification Code Qualifier: 2 Standard Carrier Alpha Code (SCAC). */
export const SCAC_QUALIFIER = '2';
/** REF01, element 128: BM Bill of Lading Number, CN Carrier's Reference Number (PRO/Invoice). */
export const BILL_OF_LADING = 'BM';
export const CARRIER_REFERENCE = 'CN';
/** DTM01, element 374 Date/Time Qualifier: 011 Shipped. */
export const SHIPPED = '011';
/** MAN01, element 88 Marks and Numbers Qualifier: GM SSCC-18 and Application Identifier. */
export const SSCC = 'GM';

/**
 * BIA02, element 755 Report Type Code. 755 has no "merchandise availability" code (MM is
 * "Manufacturer Inventory Report"); DD "Distributor Inventory Report" is what a distributor reporting
 * its sellable stock to a channel sends.
 */
export const REPORT_TYPE = 'DD';
/** QTY01, element 673 Quantity Qualifier: 33 Quantity Available for Sale (stock quantity). */
export const AVAILABLE_FOR_SALE = '33';
/** Availability is always in our base unit, each (element 355: EA). */
export const AVAILABILITY_UNIT = 'EA';

/**
 * GS01, element 479 Functional Identifier Code, of each set we may send: IB inventory inquiry/advice
 * (846), SH ship notice/manifest (856), OW warehouse shipping order (940), SW warehouse shipping
 * advice (945), FA functional acknowledgment (997, 999).
 */
export const FUNCTIONAL_GROUP: Readonly<Record<string, string>> = { '846': 'IB', '856': 'SH', '940': 'OW', '945': 'SW', '997': 'FA', '999': 'FA' };

/** Stands in for a required value a document we read back lacks; the event then carries a finding and is held. */
export const MISSING = '(missing)';
