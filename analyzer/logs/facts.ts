/**
 * What a record's message says, beyond its header: the HTTP request a service served (the wsgi
 * access line), the request id a client call got back (keystoneauth's "used request id" line), the
 * instance it concerns, an external event, an RPC message it received. Each matcher runs only when
 * a cheap substring test says it can match; most records have no facts at all.
 */
import type { LogRecord } from './record.js';

/** `<ip> "<METHOD> <path> HTTP/1.1" status: <code> len: <n> [microversion: <v>] time: <s>` */
export interface AccessFact {
  readonly clientAddress: string;
  readonly method: string;
  /** The path without its query. */
  readonly path: string;
  /** The query without its `?`, or '' */
  readonly query: string;
  readonly status: number;
  readonly bytes: number;
  readonly microversion: string | undefined;
  /** The `time:` field, in microseconds: the access line is printed when the response is done. */
  readonly durationUs: number;
}

/** `<METHOD> call to <service-type> for <url> used request id <id>` (keystoneauth). */
export interface CalleeFact {
  readonly method: string;
  readonly serviceType: string;
  readonly url: string;
  readonly calleeRequestId: string;
}

/** An RPC message this service received, as the simulated services log it. */
export interface RpcFact {
  readonly method: string;
  /** `call`, `cast` or `fanout`, when the line says which. */
  readonly kind: 'call' | 'cast' | 'fanout' | undefined;
  readonly topic: string | undefined;
}

export interface MessageFacts {
  readonly access?: AccessFact;
  readonly callee?: CalleeFact;
  readonly rpc?: RpcFact;
  readonly instanceUuid?: string;
  /** `network-vif-plugged` and the like, with the port id as tag. */
  readonly externalEvent?: { readonly name: string; readonly tag: string };
}

const NO_FACTS: MessageFacts = Object.freeze({});

const ACCESS = /^(\S+) "([A-Z]+) (\S+)(?: HTTP\/[\d.]+)?" status: (\d{3})\s+len: (\d+)(?: microversion: (\S+))? time: ([\d.]+)/;
const CALLEE = /^([A-Z]+) call to (\S+) for (\S+) used request id (req-[0-9a-f-]+)/;
const INSTANCE = /^\[instance: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]/;
const EXTERNAL_EVENT = /^Creating event ([a-z-]+):(\S+) for instance ([0-9a-f-]{36})/;
const SERVER_IN_PATH = /\/servers\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;
/**
 * The simulated services' RPC receive line, e.g. `Received RPC cast build_and_run_instance on
 * compute.compute-1`; also accepts `… call select_destinations …` and `… fanout cast …`.
 */
const RPC = /\b[Rr]eceived (?:RPC |rpc )?(fanout cast|fanout|call|cast)(?: message)? ([a-z_][a-z0-9_]*)(?:(?: on| from)? (?:topic )?([a-z][\w.-]*))?/;

export function extractFacts(record: LogRecord): MessageFacts {
  const message = record.message;
  const first = message.charCodeAt(0);
  if (message.includes('" status: ')) return accessFacts(message);
  if (first === 0x5b /* [ */) {
    const m = INSTANCE.exec(message);
    if (m !== null) {
      const rest = message.slice(m[0].length + 1);
      const rpc = rest.includes('eceived') ? rpcFact(rest) : undefined;
      return rpc === undefined ? { instanceUuid: m[1]! } : { instanceUuid: m[1]!, rpc };
    }
  }
  if (message.includes(' used request id ')) {
    const m = CALLEE.exec(message);
    if (m !== null) return { callee: { method: m[1]!, serviceType: m[2]!, url: m[3]!, calleeRequestId: m[4]! } };
  }
  if (first === 0x43 /* C */ && message.startsWith('Creating event ')) {
    const m = EXTERNAL_EVENT.exec(message);
    if (m !== null) return { externalEvent: { name: m[1]!, tag: m[2]! }, instanceUuid: m[3]! };
  }
  if (message.includes('eceived')) {
    const rpc = rpcFact(message);
    if (rpc !== undefined) return { rpc };
  }
  return NO_FACTS;
}

function accessFacts(message: string): MessageFacts {
  const m = ACCESS.exec(message);
  if (m === null) return NO_FACTS;
  const target = m[3]!;
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const access: AccessFact = {
    clientAddress: firstAddress(m[1]!),
    method: m[2]!,
    path,
    query: q < 0 ? '' : target.slice(q + 1),
    status: +m[4]!,
    bytes: +m[5]!,
    microversion: m[6],
    durationUs: Math.round(+m[7]! * 1_000_000),
  };
  const server = SERVER_IN_PATH.exec(path);
  return server === null ? { access } : { access, instanceUuid: server[1]! };
}

function rpcFact(text: string): RpcFact | undefined {
  const m = RPC.exec(text);
  if (m === null) return undefined;
  const word = m[1]!;
  const kind = word.startsWith('fanout') ? 'fanout' : (word as 'call' | 'cast');
  return { method: m[2]!, kind, topic: m[3] };
}

/** `10.11.21.122,10.11.10.1` (a proxy chain) → the first address. */
function firstAddress(addresses: string): string {
  const comma = addresses.indexOf(',');
  return comma < 0 ? addresses : addresses.slice(0, comma);
}
