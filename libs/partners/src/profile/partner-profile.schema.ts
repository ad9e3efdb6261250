import { z } from 'zod';

/**
 * The partner profile: everything that differs from one trading partner to the next. One YAML file
 * per partner in partner-profiles/. Secrets never appear here, only references to them.
 */

const X12_ID = z.string().min(1).max(15).regex(/^[A-Za-z0-9 .\-&/]+$/, 'letters, digits, space and . - & / only');
const QUALIFIER = z.string().regex(/^[0-9A-Z]{2}$/, 'a two-character ID qualifier (ISA05/ISA07), e.g. ZZ or 01');
const VERSION = z.string().regex(/^00[0-9]{4}$/, 'an X12 version such as 004010 or 005010');
const SET = z.string().regex(/^[0-9]{3}$/, 'a transaction set identifier such as 846');
const DELIMITER = z.string().length(1).regex(/^[^A-Za-z0-9 ]$/, 'one character that is not a letter, digit or space');

/** `env:NAME` or `file:/absolute/path`: where the secret is, never the secret itself. */
export const SECRET_REFERENCE = z
  .string()
  .regex(/^(env:[A-Z_][A-Z0-9_]*|file:\/[^\0]+)$/, 'a secret reference: env:VARIABLE_NAME or file:/absolute/path (never the secret itself)');

const IDENTITY = z.strictObject({ qualifier: QUALIFIER, id: X12_ID });

const RANGE = z
  .strictObject({ start: z.number().int().min(1), end: z.number().int().max(999999999) })
  .refine((r) => r.start < r.end, { message: 'start must be below end' });

const MAPPING = z.strictObject({
  /** 846: is each document a full snapshot of the partner's stock, or a delta? */
  snapshot: z.enum(['full', 'delta']).optional(),
  /** QTY01 qualifiers → what they mean for us. */
  quantityQualifiers: z.record(z.string().regex(/^[0-9A-Z]{2}$/), z.enum(['on-hand', 'available', 'on-hold', 'in-transit', 'on-order', 'damaged', 'ignore'])).optional(),
  /** Which product ID qualifier (LIN/W01/W12) is the key into the item cross-reference. */
  productQualifier: z.string().regex(/^[0-9A-Z]{2}$/).optional(),
  /** Unit of measure when a quantity names none (QTY03 absent): declared by the partner, never assumed. */
  defaultUnit: z.string().regex(/^[0-9A-Z]{2}$/).optional(),
  /** Location when the document names none (our location code). */
  defaultLocation: z.string().min(1).optional(),
  /** 856 hierarchy we write: S/O/P/I (0001) or S/O/I (0004). */
  hierarchy: z.enum(['SOPI', 'SOI']).optional(),
});

const TRANSACTION_SET = z.strictObject({
  set: SET,
  direction: z.enum(['inbound', 'outbound']),
  version: VERSION,
  /** A guide in edi-specs/guides/ (its id); the base spec applies when absent. */
  guide: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
  mapping: MAPPING.optional(),
});

const SFTP = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  credential: SECRET_REFERENCE,
  /** The server's host key, as `SHA256:<base64>` (what ssh-keygen -lf prints). */
  hostKeyFingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'SHA256:<base64>, as ssh-keygen -l prints it'),
  directories: z.strictObject({
    inbound: z.string().min(1),
    outbound: z.string().min(1),
    archive: z.string().min(1).optional(),
    error: z.string().min(1).optional(),
  }),
  filePattern: z.string().min(1).default('*'),
  pollIntervalSeconds: z.number().int().min(10).max(86400).default(300),
  /** How a file is known to be complete: size and mtime unchanged across two listings, a .done companion, or a temporary name. */
  stability: z.enum(['size-mtime', 'done-file', 'temporary-name']).default('size-mtime'),
  afterPickup: z.enum(['archive', 'delete']).default('archive'),
});

const AS2 = z.strictObject({
  as2From: z.string().min(1).max(128),
  as2To: z.string().min(1).max(128),
  url: z.string().url(),
  certificates: z.array(z.strictObject({ reference: SECRET_REFERENCE, notBefore: z.string().date().optional(), notAfter: z.string().date().optional() })).min(1),
  signing: z.enum(['sha1', 'sha256', 'sha384', 'sha512', 'none']).default('sha256'),
  encryption: z.enum(['aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'aes128-gcm', 'aes256-gcm', 'des-ede3-cbc', 'none']).default('aes256-cbc'),
  /** How the content key reaches them: RSA PKCS#1 v1.5 (RFC 5652, the common default) or RSA-OAEP (RFC 3560). */
  keyTransport: z.enum(['rsa', 'rsa-oaep']).default('rsa'),
  compression: z.boolean().default(false),
  mdn: z.enum(['sync', 'async', 'none']).default('sync'),
  signedMdn: z.boolean().default(true),
  /** How long an asynchronous MDN may take before the message is flagged overdue. */
  mdnWithinMinutes: z.number().int().min(1).max(10080).default(60),
});

/**
 * What a sales channel may sell, from our available to promise: the share offered, units held back
 * per item, the locations included, one figure per location or a total, and how often at most an
 * 846 goes out (changes in between are coalesced; the 846 always carries the latest figures).
 */
const AVAILABILITY = z.strictObject({
  share: z.number().gt(0).max(1).default(1),
  safetyStock: z.number().int().min(0).default(0),
  /** Our location codes; default: the locations in the channel's location cross-reference. */
  locations: z.array(z.string().min(1)).min(1).optional(),
  perLocation: z.boolean().default(false),
  intervalSeconds: z.number().int().min(1).max(86400).default(300),
});

export const PARTNER_PROFILE = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  roles: z.array(z.enum(['3pl-warehouse', 'marketplace', 'retailer', 'supplier'])).min(1),
  status: z.enum(['onboarding', 'test', 'live', 'suspended']),
  interchange: z.strictObject({
    ours: IDENTITY,
    theirs: IDENTITY,
    /** GS02/GS03 application codes; default: the ISA IDs. */
    applicationCodes: z.strictObject({ ours: z.string().min(2).max(15), theirs: z.string().min(2).max(15) }).optional(),
    /** Delimiters we write with. */
    delimiters: z.strictObject({ element: DELIMITER, component: DELIMITER, repetition: DELIMITER, segment: z.string().length(1) }).default({ element: '*', component: ':', repetition: '^', segment: '~' }),
    trailingNewline: z.boolean().default(true),
  }),
  transactionSets: z.array(TRANSACTION_SET).min(1),
  acknowledgments: z.strictObject({
    ta1: z.enum(['never', 'when-requested', 'always']).default('when-requested'),
    functional: z.enum(['997', '999', 'none']).default('997'),
    includeAcceptedSets: z.boolean().default(true),
    /** GS08 of our 997/999; default: a 997 mirrors the inbound group's version, a 999 is 005010X231A1. */
    version: z.string().regex(/^00[0-9]{4}[A-Z0-9]{0,6}$/, 'a GS08 version such as 004010 or 005010X231A1').optional(),
    /** How long we wait for their acknowledgment of what we send. */
    expectWithinHours: z.number().positive().max(720).default(24),
    /** How long a 3PL has to confirm a 940 with its 945 (shipping advice). */
    shipmentWithinHours: z.number().positive().max(2160).default(72),
  }),
  duplicates: z.strictObject({ policy: z.enum(['reject', 'quarantine', 'accept']).default('reject'), windowDays: z.number().int().min(1).max(3650).default(90) }).default({ policy: 'reject', windowDays: 90 }),
  controlNumbers: z.strictObject({ interchange: RANGE, group: RANGE, transaction: RANGE }),
  availability: AVAILABILITY.optional(),
  transports: z.strictObject({ sftp: SFTP.optional(), as2: AS2.optional() }).refine((t) => t.sftp !== undefined || t.as2 !== undefined, { message: 'at least one transport (sftp or as2)' }).optional(),
  crossReferences: z
    .strictObject({
      items: z.array(z.strictObject({ qualifier: z.string().regex(/^[0-9A-Z]{2}$/), value: z.string().min(1), sku: z.string().min(1) })).default([]),
      locations: z.array(z.strictObject({ qualifier: z.string().min(1).max(2), value: z.string().min(1), location: z.string().min(1) })).default([]),
      units: z.array(z.strictObject({ from: z.string().regex(/^[0-9A-Z]{2}$/), to: z.string().regex(/^[0-9A-Z]{2}$/), factor: z.number().min(0.000001).max(1000000000) })).default([]),
    })
    .default({ items: [], locations: [], units: [] }),
});

export type PartnerProfile = z.output<typeof PARTNER_PROFILE>;
export type PartnerProfileInput = z.input<typeof PARTNER_PROFILE>;
