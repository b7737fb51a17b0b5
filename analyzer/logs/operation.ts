/**
 * The operation a log-built flow performs (`boot`, `delete`, `shelve`, …), from what its records
 * say: nova-api's `<action> requested` line, the route of the request that started it, or the RPC
 * methods it received. '' when nothing says.
 */
import type { LogEvent } from './group.js';
import { operationOfMethod } from './topology.js';

const REQUESTED = /^(\w+) requested$/;
const ACTION_OPERATIONS: Readonly<Record<string, string>> = { create: 'boot' };

export function flowOperation(events: readonly LogEvent[], root: LogEvent | undefined): string {
  for (const e of events) {
    const m = REQUESTED.exec(e.record.message.replace(/^\[instance: [0-9a-f-]+\] /, ''));
    if (m !== null) return ACTION_OPERATIONS[m[1]!] ?? m[1]!;
  }
  const access = root?.facts.access;
  if (access !== undefined) {
    if (access.method === 'POST' && /\/servers$/.test(access.path)) return 'boot';
    if (access.method === 'DELETE' && /\/servers\/[^/]+$/.test(access.path)) return 'delete';
  }
  for (const e of events) {
    const method = e.facts.rpc?.method;
    const operation = method === undefined ? undefined : operationOfMethod(method);
    if (operation !== undefined) return operation;
  }
  return '';
}
