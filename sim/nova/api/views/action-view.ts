import type { InstanceAction } from '../../objects/actions.js';
import type { Microversion } from '../microversion.js';
import { atLeast } from '../microversion.js';
import { hostIdOf } from './server-view.js';

function micro(iso: string | null): string | null {
  return iso === null ? null : iso.replace('Z', '').padEnd(26, '0');
}

/** One entry of `GET /servers/{id}/os-instance-actions` (api-samples/nova/os-instance-actions/). */
export function actionSummary(action: InstanceAction, version: Microversion): Record<string, unknown> {
  return {
    action: action.action,
    instance_uuid: action.instanceUuid,
    message: action.message,
    project_id: action.projectId,
    request_id: action.requestId,
    start_time: micro(action.startTime),
    user_id: action.userId,
    ...(atLeast(version, 58) ? { updated_at: micro(action.updatedAt) } : {}),
  };
}

/** `GET /servers/{id}/os-instance-actions/{request_id}`: the action with its events. */
export function actionDetail(action: InstanceAction, version: Microversion, isAdmin: boolean): Record<string, unknown> {
  const events = action.events.map((event) => ({
    event: event.event,
    start_time: micro(event.startTime),
    finish_time: micro(event.finishTime),
    result: event.result,
    ...(isAdmin ? { traceback: event.traceback } : {}),
    ...(atLeast(version, 62) ? { hostId: hostIdOf(action.projectId ?? '', event.host), ...(isAdmin ? { host: event.host } : {}) } : {}),
    ...(atLeast(version, 84) ? { details: event.details } : {}),
  }));
  return { ...actionSummary(action, version), events };
}
