import type { AttributeValue, Attributes } from '../../core/span.js';
import { WireType } from './proto-reader.js';
import type { ProtoWriter } from './proto-writer.js';

/**
 * Attribute maps as repeated OTLP `KeyValue` fields, and single values as `AnyValue` messages:
 * strings as string_value, booleans as bool_value, safe integers as int_value, other numbers as
 * double_value, arrays as array_value, maps as kvlist_value, null as an empty AnyValue.
 */

export function writeAttributes(w: ProtoWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) writeKeyValue(w, field, key, attributes[key]!);
}

/** One attribute as a KeyValue field `field` of the current message. */
function writeKeyValue(w: ProtoWriter, field: number, key: string, value: AttributeValue): void {
  if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && w.keyValue(field, key, value)) return;
  w.tag(field, WireType.LEN);
  w.fork();
  w.tag(1, WireType.LEN);
  w.string(key);
  w.tag(2, WireType.LEN);
  writeAnyValue(w, value);
  w.join();
}

export function writeAnyValue(w: ProtoWriter, value: AttributeValue): void {
  w.fork();
  if (typeof value === 'string') {
    w.tag(1, WireType.LEN);
    w.string(value);
  } else if (typeof value === 'boolean') {
    w.tag(2, WireType.VARINT);
    w.uint32(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) {
      w.tag(3, WireType.VARINT);
      w.int64(value);
    } else {
      w.tag(4, WireType.I64);
      w.double(value);
    }
  } else if (Array.isArray(value)) {
    w.tag(5, WireType.LEN);
    w.fork();
    for (const item of value as readonly AttributeValue[]) {
      w.tag(1, WireType.LEN);
      writeAnyValue(w, item);
    }
    w.join();
  } else if (value !== null) {
    w.tag(6, WireType.LEN);
    w.fork();
    writeAttributes(w, 1, value as Attributes);
    w.join();
  }
  w.join();
}
