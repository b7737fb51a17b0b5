import type { Attributes } from '@opentelemetry/api';
import { isAttributeValue } from '@opentelemetry/core';

/** Attributes under the SDK's rules, and how many were dropped for the count limit. */
export interface LimitedAttributes {
  readonly attributes: Attributes;
  readonly dropped: number;
}

/**
 * What the SDK's Span keeps of attributes written one by one: no empty key, only valid
 * attribute values (no null or undefined), and the first `countLimit` keys in
 * the order they were first set, the others dropped and counted. Returns `attributes` itself when
 * it already complies (the usual case: one pass, no copy).
 */
export function limitAttributes(attributes: Attributes, countLimit: number): LimitedAttributes {
  let kept = 0;
  let clean = true;
  for (const key in attributes) {
    const value = attributes[key];
    if (key === '' || value == null || !isAttributeValue(value) || kept >= countLimit) {
      clean = false;
      break;
    }
    kept += 1;
  }
  if (clean) return { attributes, dropped: 0 };
  const limited: Attributes = {};
  let dropped = 0;
  kept = 0;
  for (const key in attributes) {
    const value = attributes[key];
    if (key === '' || value == null || !isAttributeValue(value)) continue;
    if (kept >= countLimit) {
      dropped += 1;
    } else {
      limited[key] = value;
      kept += 1;
    }
  }
  return { attributes: limited, dropped };
}
