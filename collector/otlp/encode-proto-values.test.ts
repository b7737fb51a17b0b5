import { describe, expect, it } from 'vitest';
import type { AttributeValue, Attributes } from '../../core/span.js';
import { makeSpans } from '../testing/spans.js';
import { decodeProtoRequest } from './decode-proto.js';
import { writeAnyValue, writeAttributes } from './encode-proto-values.js';
import { encodeProtoRequest } from './encode-proto.js';
import { WireType } from './proto-reader.js';
import { ProtoWriter } from './proto-writer.js';

/** The field-by-field encoding that ProtoWriter.keyValue() shortcuts. */
function fieldByField(field: number, attributes: Attributes): Buffer {
  const w = new ProtoWriter(64);
  for (const key in attributes) {
    w.tag(field, WireType.LEN);
    w.fork();
    w.tag(1, WireType.LEN);
    w.string(key);
    w.tag(2, WireType.LEN);
    writeAnyValue(w, attributes[key]!);
    w.join();
  }
  return w.finish();
}

function viaWriteAttributes(field: number, attributes: Attributes): Buffer {
  const w = new ProtoWriter(64);
  writeAttributes(w, field, attributes);
  return w.finish();
}

const long = (n: number): string => 'x'.repeat(n);
const CASES: Record<string, AttributeValue>[] = [
  { 'openstack.request_id': 'req-4f1c2a8e-0000-4000-8000-000000000001', 'http.method': 'POST' },
  { zero: 0, small: 127, two: 128, big: 2 ** 40, max: Number.MAX_SAFE_INTEGER, negative: -1, minimum: Number.MIN_SAFE_INTEGER },
  { unsafe: 2 ** 60, ratio: 1 / 3, nan: NaN, inf: -Infinity, negZero: -0 },
  { yes: true, no: false, empty: '', '': 'empty key' },
  { [long(60)]: long(54), [long(60)]: long(55), [long(121)]: 1, [long(10)]: long(111) },
  { 'ünïcode.key': 'v', key: 'välue', emoji: '🚀' },
  { list: ['a', 1, true], map: { inner: 'x', deeper: { n: 2 } }, nothing: null },
];

describe('writeAttributes', () => {
  it('writes the same bytes as the field-by-field encoding for every value shape and length boundary', () => {
    for (const attributes of CASES) {
      for (const field of [1, 3, 4, 9]) expect(viaWriteAttributes(field, attributes).equals(fieldByField(field, attributes))).toBe(true);
    }
  });

  it('round-trips attribute maps through a protobuf span', () => {
    // -0 is written as the integer 0, so it is left out here.
    for (const attributes of CASES.map(({ negZero: _negZero, ...rest }) => rest)) {
      const span = { ...makeSpans(1)[0]!, attributes };
      expect(decodeProtoRequest(encodeProtoRequest([span]))[0]!.attributes).toEqual(attributes);
    }
  });
});
