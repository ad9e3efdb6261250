/**
 * The gateway's OpenAPI 3.1 description, written by hand next to the routes it describes (the
 * routes take raw bytes and plain JSON; there are no DTO classes to derive it from). The test in
 * test/gateway checks every documented path answers, and every route is documented.
 */
const key = [{ apiKey: [] }];
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const partner = { name: 'partnerId', in: 'path', required: true, schema: { type: 'string' } };
const errors = { '401': { description: 'no valid API key' }, '403': { description: 'the key’s role may not do this' }, '404': { description: 'not found, or not visible to this key' } };

export const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Tradewire gateway', version: '0.1.0', description: 'EDI gateway: documents, their processing, and inventory availability. Every route but /health, /openapi.json and the console’s static files needs an API key.' },
  components: {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key> (or X-API-Key: <key>)' } },
  },
  security: key,
  paths: {
    '/health': { get: { summary: 'PostgreSQL and Redis answer', security: [], responses: { '200': { description: 'both up' }, '503': { description: 'which one is down' } } } },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics of the whole deployment (text format), read at scrape time; keys of role ops or read-only, not partner-scoped',
        responses: { '200': { description: 'text/plain; version=0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } }, '503': { description: 'PostgreSQL or Redis could not be read' }, ...errors },
      },
    },
    '/openapi.json': { get: { summary: 'this description', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    '/partners': { get: { summary: 'partners with their status and profile version', responses: { '200': { description: 'partners' }, ...errors } } },
    '/partners/{id}': {
      get: { summary: 'the profile in force', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'version, source, profile' }, ...errors } },
      put: {
        summary: 'create or update a profile (the partner profile JSON Schema); a new version',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': {} } },
        responses: { '200': { description: 'the new version' }, '422': { description: 'every problem, with its path' }, ...errors },
      },
    },
    '/partners/{id}/versions': { get: { summary: 'every version, newest first', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'versions' }, ...errors } } },
    '/partners/{id}/status': {
      post: {
        summary: 'onboarding, test, live or suspended',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { enum: ['onboarding', 'test', 'live', 'suspended'] } } } } } },
        responses: { '200': { description: 'the new version' }, '422': { description: 'not a status' }, ...errors },
      },
    },
    '/partners/{partnerId}/documents': {
      post: {
        summary: 'upload a file: stored, then queued; answers at once',
        parameters: [{ name: 'partnerId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/edi-x12': {}, 'text/plain': {}, 'application/octet-stream': {} } },
        responses: {
          '202': { description: '{ id, sha256, size }', headers: { 'x-correlation-id': { description: 'the document id: the correlation id on every log line about this document', schema: { type: 'string', format: 'uuid' } } } },
          '400': { description: 'empty body' }, '413': { description: 'body over MAX_BODY_BYTES' }, ...errors,
        },
      },
    },
    '/documents': {
      get: {
        summary: 'search documents, newest first',
        parameters: ['partner', 'set', 'status', 'from', 'to', 'control', 'text', 'limit'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': { description: 'document summaries' }, ...errors },
      },
    },
    '/documents/retry': {
      post: {
        summary: 'bulk retry by filter',
        parameters: ['partner', 'set', 'status', 'from', 'to', 'control', 'text', 'limit', 'dryRun'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': { description: 'what was (or would be) done, per document' }, ...errors },
      },
    },
    '/documents/{id}': { get: { summary: 'status, diagnostics, history, transaction sets', parameters: [id], responses: { '200': { description: 'the document' }, ...errors } } },
    '/documents/{id}/raw': { get: { summary: 'the bytes as received', parameters: [id], responses: { '200': { description: 'application/edi-x12' }, ...errors } } },
    '/documents/{id}/retry': {
      post: { summary: 'run again from where it stopped', parameters: [id, { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } }], responses: { '200': { description: 'what was (or would be) done' }, ...errors } },
    },
    '/documents/{id}/replay': { post: { summary: 'parse the raw bytes again as a new document', parameters: [id], responses: { '200': { description: '{ newDocumentId }' }, ...errors } } },
    '/documents/{id}/ignore': {
      post: {
        summary: 'ignore with a reason',
        parameters: [id],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1 } } } } } },
        responses: { '200': { description: 'done' }, '400': { description: 'no reason' }, ...errors },
      },
    },
    '/partners/{partnerId}/dry-run': {
      post: {
        summary: 'onboarding dry run: validation, the acknowledgment we would send, the canonical events; stores nothing',
        parameters: [{ name: 'partnerId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/edi-x12': {}, 'text/plain': {}, 'application/octet-stream': {} } },
        responses: { '200': { description: '{ diagnostics, acknowledgments, outcomes }' }, '400': { description: 'empty body' }, ...errors },
      },
    },
    '/orders': {
      post: {
        summary: 'allocate a warehouse order and release it to its 3PL as a 940 (idempotent by warehouse + orderId)',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['orderId', 'warehouse', 'shipTo', 'lines'], properties: {
            orderId: { type: 'string', maxLength: 22 }, warehouse: { type: 'string', description: 'the 3PL partner ID' }, location: { type: 'string' },
            purchaseOrder: { type: 'string' }, shipTo: { type: 'object' }, requestedShipDate: { type: 'string', format: 'date' },
            lines: { type: 'array', items: { type: 'object', required: ['sku', 'quantity'], properties: { sku: { type: 'string' }, quantity: { type: 'string', description: 'eaches' } } } },
            shortage: { type: 'string', enum: ['refuse', 'backorder'], default: 'refuse' },
          } } } },
        },
        responses: {
          '201': { description: 'placed: the order with what was released and back-ordered' }, '200': { description: 'this order was already placed' },
          '409': { description: 'not enough available to promise (and shortage is refuse)' }, '422': { description: 'problems, each with its path, or an order the 3PL cannot be sent' }, ...errors,
        },
      },
    },
    '/orders/{partnerId}/{orderId}': {
      get: {
        summary: 'a warehouse order: status (released, shipped, cancelled), lines released and back-ordered, its 940s',
        parameters: [{ name: 'partnerId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'the order' }, ...errors },
      },
    },
    '/orders/{partnerId}/{orderId}/cancel': {
      post: {
        summary: 'send the 940 cancel and release the allocation',
        parameters: [{ name: 'partnerId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'the cancelled order' }, '409': { description: 'already shipped or cancelled' }, ...errors },
      },
    },
    '/expectations': {
      get: {
        summary: 'what we wait for from partners: their 997/999 for what we sent, a 945 for each 940',
        parameters: [{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['pending', 'overdue', 'accepted', 'accepted-with-errors', 'partially-accepted', 'rejected', 'fulfilled', 'cancelled'] } }, { name: 'partner', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { '200': { description: 'expectations, latest deadline first' }, ...errors },
      },
    },
    '/channels/{partnerId}/availability': {
      get: {
        summary: 'what a sales channel would be offered now (its availability rule over our available to promise) and what its last 846 said',
        parameters: [{ name: 'partnerId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: '{ channel, offer, lastSentAt, lastOffer }' }, ...errors },
      },
    },
    '/channels/{partnerId}/availability/refresh': {
      post: {
        summary: 'send the channel a full 846 now, changed or not',
        parameters: [{ name: 'partnerId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '202': { description: '{ queued }' }, ...errors },
      },
    },
    '/channels/oversells': { get: { summary: 'oversell events: a channel had been offered more than was available', responses: { '200': { description: 'newest first' }, ...errors } } },
    '/inventory/receipts': {
      post: {
        summary: 'goods received at one of our locations: on hand up, the named supplier shipment out of in transit (idempotent by supplier + receiptId)',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['receiptId', 'supplier', 'location', 'receivedAt', 'lines'], properties: {
            receiptId: { type: 'string' }, supplier: { type: 'string', description: 'partner ID' }, shipmentId: { type: 'string', description: 'the supplier ASN BSN02' },
            location: { type: 'string' }, receivedAt: { type: 'string', format: 'date-time' },
            lines: { type: 'array', items: { type: 'object', required: ['sku', 'quantity'], properties: { sku: { type: 'string' }, quantity: { type: 'string', pattern: '^\\d+(\\.\\d{1,6})?$' } } } },
          } } } },
        },
        responses: { '201': { description: 'applied' }, '200': { description: 'this receipt was already recorded: { status: duplicate }' }, '422': { description: 'problems, each with its path' }, ...errors },
      },
    },
    '/inventory/variances': { get: { summary: 'open reconciliation variances', responses: { '200': { description: 'variances, newest first' }, ...errors } } },
    '/inventory/{sku}': {
      get: { summary: 'an item at every location, with totals', parameters: [{ name: 'sku', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'availability' }, ...errors } },
    },
    '/inventory/{sku}/history': {
      get: {
        summary: 'the item’s ledger, newest first',
        parameters: [{ name: 'sku', in: 'path', required: true, schema: { type: 'string' } }, { name: 'location', in: 'query', required: false, schema: { type: 'string' } }],
        responses: { '200': { description: 'movements' }, ...errors },
      },
    },
    '/as2/inbound': {
      post: {
        summary: 'AS2 (RFC 4130) from a partner: no API key; the partner is identified by AS2-From/AS2-To and authenticated by its signature. Answers with the MDN (sync) or 200 (async MDN POSTed to Receipt-Delivery-Option)',
        security: [],
        requestBody: { required: true, content: { 'application/pkcs7-mime': {}, 'multipart/signed': {}, 'application/edi-x12': {} } },
        responses: { '200': { description: 'the MDN, or empty' }, '400': { description: 'AS2 headers missing' }, '403': { description: 'no partner has these AS2 names' }, '503': { description: 'AS2 is not configured' } },
      },
    },
    '/as2/mdn': {
      post: {
        summary: 'an asynchronous MDN for a message we sent: no API key; verified against the partner’s certificates and matched to the message',
        security: [],
        requestBody: { required: true, content: { 'multipart/signed': {}, 'multipart/report': {} } },
        responses: { '200': { description: 'matched' }, '400': { description: 'not an MDN for a message we sent' }, '403': { description: 'no partner has these AS2 names' } },
      },
    },
    '/as2/attention': {
      get: {
        summary: 'partner AS2 certificates expiring within 30 days (or expired), sent messages whose asynchronous MDN is overdue, and asynchronous MDNs of ours that failed or were refused',
        responses: { '200': { description: 'expiringCertificates, unreadableCertificates, overdueMdns, asyncMdns' }, ...errors },
      },
    },
    '/as2/mdns/{id}/retry': {
      post: { summary: 'send a failed asynchronous MDN of ours again', parameters: [id], responses: { '202': { description: 'the MDN, pending' }, '409': { description: 'not failed' }, ...errors } },
    },
    '/inventory/{sku}/{location}': {
      get: {
        summary: 'on hand, allocated, in transit, on hold, available to promise',
        parameters: [{ name: 'sku', in: 'path', required: true, schema: { type: 'string' } }, { name: 'location', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'the balance' }, ...errors },
      },
    },
    '/sftp/mailboxes': { get: { summary: 'partners’ SFTP mailboxes: last poll time and result, back-off, circuit', responses: { '200': { description: 'mailboxes' }, ...errors } } },
    '/sftp/mailboxes/{partnerId}': { get: { summary: 'one partner’s mailbox and its poll state', parameters: [partner], responses: { '200': { description: 'the mailbox' }, ...errors } } },
    '/sftp/mailboxes/{partnerId}/pause': { post: { summary: 'stop polling this mailbox (scheduled and ops polls)', parameters: [partner], responses: { '200': { description: 'the mailbox' }, ...errors } } },
    '/sftp/mailboxes/{partnerId}/resume': { post: { summary: 'poll this mailbox again', parameters: [partner], responses: { '200': { description: 'the mailbox' }, ...errors } } },
    '/sftp/mailboxes/{partnerId}/poll': { post: { summary: 'poll now, past any back-off or open circuit (not a pause)', parameters: [partner], responses: { '202': { description: 'queued' }, ...errors } } },
    '/sftp/mailboxes/{partnerId}/test': {
      post: { summary: 'connection test: log in, list inbound, write and remove a probe file in outbound', parameters: [partner], responses: { '200': { description: '{ ok, checks }' }, ...errors } },
    },
    '/deliveries': {
      get: {
        summary: 'deliveries of what we send, newest first: where, attempts, last error',
        parameters: ['partner', 'status', 'limit'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': { description: 'deliveries' }, '400': { description: 'bad filter' }, ...errors },
      },
    },
    '/deliveries/{id}/retry': { post: { summary: 'deliver a failed delivery again', parameters: [id], responses: { '202': { description: 'the delivery, pending' }, '409': { description: 'not failed' }, ...errors } } },
    '/documents/{id}/acknowledgments': { get: { summary: 'the TA1/997/999 stored for the document, with delivery status and X12 text', parameters: [id], responses: { '200': { description: '[{ id, kind, status, createdAt, content }]' }, ...errors } } },
    '/documents/{id}/events': { get: { summary: 'the canonical event of each of its transaction sets, with the ledger’s verdict', parameters: [id], responses: { '200': { description: '[{ idempotencyKey, type, transactionSetId, position, ledgerStatus, body }]' }, ...errors } } },
    '/console': { get: { summary: 'the ops console page (HTML; its data calls use the API with the key entered in it)', security: [], responses: { '200': { description: 'text/html' }, '404': { description: 'the console is not built in this installation' } } } },
    '/console/app.js': { get: { summary: 'the ops console script', security: [], responses: { '200': { description: 'text/javascript' }, '404': { description: 'not built' } } } },
    '/console/app.css': { get: { summary: 'the ops console style sheet', security: [], responses: { '200': { description: 'text/css' }, '404': { description: 'not built' } } } },
    '/queues': {
      get: {
        summary: 'the pipeline queues’ backlog: waiting (prioritized included), active, delayed and failed jobs, and the age of the oldest waiting job',
        responses: { '200': { description: '[{ queue, waiting, active, delayed, failed, oldestWaitingSeconds }]' }, ...errors },
      },
    },
  },
} as const;
