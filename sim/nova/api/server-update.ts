import type { RequestContext } from '../../kit/context.js';
import type { InstanceChanges, InstanceRecord } from '../objects/instance.js';
import type { ApiDeps } from './deps.js';
import type { Microversion } from './microversion.js';
import { atLeast } from './microversion.js';
import { envelope, invalid, requiredName } from './validate.js';

/**
 * `PUT /servers/{id}` (`openstack server set --name/--description`): renames the server or sets
 * its description (2.19+); nova-api saves it (cell database, or the BuildRequest while it is
 * being scheduled), no RPC. Unknown keys → 400.
 */
export async function updateServer(deps: ApiDeps, context: RequestContext, instance: InstanceRecord, body: unknown, version: Microversion): Promise<InstanceRecord> {
  const request = envelope(body, 'server');
  const changes: InstanceChanges = {};
  for (const [key, value] of Object.entries(request)) {
    if (key === 'name') changes.name = requiredName(value);
    else if (key === 'description' && atLeast(version, 19)) {
      if (value !== null && (typeof value !== 'string' || value.length > 255)) throw invalid('description', `Value: ${JSON.stringify(value)}. It must be a string of at most 255 characters or null`);
      changes.description = value;
    } else throw invalid('server', `Additional properties are not allowed ('${key}' was unexpected)`);
  }
  return (await deps.database.saveInstance(context, instance.uuid, changes)) ?? instance;
}
