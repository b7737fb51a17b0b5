import { describe, expect, it } from 'vitest';
import { instanceUuidOf, stateChangeOf } from './instance.js';

const A = '0e7c1a52-3b1d-4f0a-9d35-6a6c2f9b8e41';
const B = '5f1c2a3e-8b9d-4c7e-a6f5-0d1e2f3a4b5c';
const instance = (uuid: string) => ({ 'nova_object.name': 'Instance', 'nova_object.data': { uuid } });

describe('instance uuid of an RPC message', () => {
  it.each([
    ['a serialised instance', { instance: instance(A), image: {} }],
    ['an object_action objinst', { objinst: instance(A), objmethod: 'save' }],
    ['external events for one server', { instances: [instance(A)], events: [] }],
    ['build requests', { build_requests: [{ 'nova_object.data': { instance_uuid: A } }] }],
    ['instance_uuid', { host_name: 'compute-1', instance_uuid: A }],
    ['select_destinations instance_uuids', { spec_obj: {}, instance_uuids: [A] }],
    ['update_instance_info', { host_name: 'compute-1', instance_info: { uuid: A } }],
  ])('reads %s', (_what, args) => {
    expect(instanceUuidOf(args)).toBe(A);
  });

  it.each([
    ['no server at all', { objname: 'Flavor', kwargs: {} }],
    ['two different servers', { instance_uuids: [A, B] }],
    ['a value that is not a uuid', { instance_uuid: 'vm1' }],
  ])('names none for %s', (_what, args) => {
    expect(instanceUuidOf(args)).toBeUndefined();
  });

  it('reads the state an object_action saves, in nova\'s or the simulator\'s spelling', () => {
    expect(stateChangeOf({ objinst: { 'nova_object.data': { uuid: A, vm_state: 'active', task_state: null } } })).toEqual({ vmState: 'active', taskState: 'None' });
    expect(stateChangeOf({ objinst: { 'nova_object.data': { uuid: A, taskState: 'spawning' } } })).toEqual({ taskState: 'spawning' });
    expect(stateChangeOf({ objinst: { 'nova_object.data': { uuid: A, powerState: 1 } } })).toBeUndefined();
    expect(stateChangeOf({ instance: instance(A) })).toBeUndefined();
  });
});
