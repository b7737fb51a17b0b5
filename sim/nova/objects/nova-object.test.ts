import { describe, expect, it } from 'vitest';
import { changedFields, fromNovaObject, toNovaObject } from './nova-object.js';

describe('nova objects on the wire', () => {
  it('serialise field names in snake_case with the object name, namespace and version', () => {
    const wire = toNovaObject('Instance', { uuid: 'u', vmState: 'active', taskState: null }, ['vmState', 'taskState']);
    expect(wire).toEqual({
      'nova_object.name': 'Instance',
      'nova_object.namespace': 'nova',
      'nova_object.version': '2.8',
      'nova_object.data': { uuid: 'u', vm_state: 'active', task_state: null },
      'nova_object.changes': ['vm_state', 'task_state'],
    });
  });

  it('read back in camelCase, with the changed field names', () => {
    const wire = JSON.parse(JSON.stringify(toNovaObject('Selection', { serviceHost: 'compute-1', computeNodeUuid: 'rp' }, ['serviceHost'])));
    expect(fromNovaObject(wire, 'Selection')).toEqual({ serviceHost: 'compute-1', computeNodeUuid: 'rp' });
    expect(changedFields(wire, 'Selection')).toEqual(['serviceHost']);
  });

  it('refuse anything that is not the named object', () => {
    expect(() => fromNovaObject({ 'nova_object.name': 'Instance', 'nova_object.data': {} }, 'Selection')).toThrow('expected a serialised Selection object');
    expect(() => fromNovaObject(null, 'Instance')).toThrow(TypeError);
    expect(() => fromNovaObject({ 'nova_object.name': 'Instance', 'nova_object.data': 5 }, 'Instance')).toThrow(TypeError);
  });
});
