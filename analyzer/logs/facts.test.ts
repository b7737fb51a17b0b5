import { describe, expect, it } from 'vitest';
import { extractFacts } from './facts.js';
import { parseOsloLog } from './parse.js';

function factsOf(line: string): ReturnType<typeof extractFacts> {
  return extractFacts(parseOsloLog(line).records[0]!);
}

const HEAD = '2026-01-02 03:04:05.000 42 INFO nova.api.openstack.requestlog [None req-11111111-1111-4111-8111-111111111111 u p - - -]';
const UUID = '9e4b1a7e-0000-4000-8000-000000000001';

describe('extractFacts', () => {
  it('reads a real nova access line (HTTP version, no microversion)', () => {
    const f = factsOf(`${HEAD} 10.11.10.1 "DELETE /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/${UUID} HTTP/1.1" status: 204 len: 203 time: 0.2534380`);
    expect(f.access).toEqual({ clientAddress: '10.11.10.1', method: 'DELETE', path: `/v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/${UUID}`, query: '', status: 204, bytes: 203, microversion: undefined, durationUs: 253438 });
    expect(f.instanceUuid).toBe(UUID);
  });

  it('reads the simulated services access line (query, microversion, first of several addresses)', () => {
    const f = factsOf(`${HEAD} 127.0.0.1,10.0.0.1 "GET /v2.1/servers/detail?all_tenants=True" status: 200 len: 15 microversion: 2.96 time: 0.012345`);
    expect(f.access).toMatchObject({ clientAddress: '127.0.0.1', method: 'GET', path: '/v2.1/servers/detail', query: 'all_tenants=True', status: 200, microversion: '2.96', durationUs: 12345 });
  });

  it("reads keystoneauth's used-request-id line", () => {
    const f = factsOf(`${HEAD} GET call to image for http://127.0.0.1:9292/v2/images/${UUID} used request id req-22222222-2222-4222-8222-222222222222`);
    expect(f.callee).toEqual({ method: 'GET', serviceType: 'image', url: `http://127.0.0.1:9292/v2/images/${UUID}`, calleeRequestId: 'req-22222222-2222-4222-8222-222222222222' });
  });

  it('reads the instance, an external event and an RPC receive line', () => {
    expect(factsOf(`${HEAD} [instance: ${UUID}] Took 19.84 seconds to build instance.`)).toEqual({ instanceUuid: UUID });
    expect(factsOf(`${HEAD} Creating event network-vif-plugged:e3871ffd-5cd5-4287-bddd-3529f7b59515 for instance ${UUID}`)).toEqual({
      externalEvent: { name: 'network-vif-plugged', tag: 'e3871ffd-5cd5-4287-bddd-3529f7b59515' },
      instanceUuid: UUID,
    });
    expect(factsOf(`${HEAD} Received cast build_and_run_instance`).rpc).toEqual({ method: 'build_and_run_instance', kind: 'cast', topic: undefined });
    expect(factsOf(`${HEAD} Received call select_destinations`).rpc).toMatchObject({ method: 'select_destinations', kind: 'call' });
    expect(factsOf(`${HEAD} Received fanout cast update_instance_info`).rpc).toMatchObject({ method: 'update_instance_info', kind: 'fanout' });
    expect(factsOf(`${HEAD} [instance: ${UUID}] Received event network-vif-plugged-x: ok`)).toEqual({ instanceUuid: UUID });
  });

  it('finds nothing in an ordinary message', () => {
    expect(factsOf(`${HEAD} Auditing locally available compute resources`)).toEqual({});
  });
});
