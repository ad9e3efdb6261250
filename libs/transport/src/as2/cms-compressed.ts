import { deflateSync, inflateSync } from 'zlib';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './algorithms';
import { decodeContentInfo, encodeContentInfo } from './cms-signed';

// RFC 3274 CompressedData (AS2 1.1 compression, RFC 5402). pkijs has no class for it; it is small
// enough to write with asn1js: SEQUENCE { version 0, compressionAlgorithm (zlib), encapContentInfo }.

/** zlib-compressed `content` as a CMS CompressedData ContentInfo (DER). */
export function compressContent(content: Buffer): Buffer {
  const compressed = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new pkijs.AlgorithmIdentifier({ algorithmId: OID.zlib }).toSchema(),
      new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent: new asn1js.OctetString({ valueHex: new Uint8Array(deflateSync(content)) }) }).toSchema(),
    ],
  });
  return encodeContentInfo(OID.compressedData, compressed);
}

/** The content of a CompressedData; refuses to inflate past `maxBytes` (a small message must not become a huge one). */
export function decompressContent(der: Buffer, maxBytes = 100 * 1024 * 1024): Buffer {
  const info = decodeContentInfo(der);
  if (info.contentType !== OID.compressedData) throw new Error(`content type ${info.contentType} is not compressed-data`);
  const [, algorithm, encapsulated] = (info.content as asn1js.Sequence).valueBlock.value;
  const algorithmId = new pkijs.AlgorithmIdentifier({ schema: algorithm }).algorithmId;
  if (algorithmId !== OID.zlib) throw new Error(`unsupported compression ${algorithmId}`);
  const eContent = new pkijs.EncapsulatedContentInfo({ schema: encapsulated }).eContent;
  if (eContent === undefined) throw new Error('compressed-data without content');
  return inflateSync(Buffer.from(eContent.getValue()), { maxOutputLength: maxBytes });
}
