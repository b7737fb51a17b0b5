import { CLIENT_COMPONENT } from '../../../core/services.js';
import type { Rule } from './violation.js';
import { describeHop } from './violation.js';

/**
 * The flow's own failure. The offending hop is the first failed hop behind the user's request
 * (the likely cause: `select_destinations` for "No valid host"), else the failed request itself.
 * One violation per flow: a later evaluation that finds the hop fills it in.
 */
export const flowFailedRule: Rule = ({ flow }) => {
  if (flow.status !== 'failed') return [];
  const failed = flow.hops.filter((h) => h.error);
  const hop = failed.find((h) => h.from !== CLIENT_COMPONENT) ?? failed[0];
  return [{
    type: 'flow_failed',
    rule: 'flow/failed',
    severity: 'warning',
    message: hop ? `${flow.operation} failed at ${describeHop(hop)}` : `${flow.operation} failed`,
    ...(hop && { hop, hops: failed }),
    subject: 'failed',
  }];
};
