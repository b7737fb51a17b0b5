import type { RequestContext } from '../kit/context.js';
import { createComponentHttpClient } from '../kit/component.js';
import type { CloudEnvironment, RestService } from '../kit/environment.js';
import type { ComponentInstance } from '../kit/hooks.js';
import { CinderClient } from './clients/cinder.js';
import { GlanceClient } from './clients/glance.js';
import { NeutronClient } from './clients/neutron.js';
import { PlacementClient } from './clients/placement.js';
import { ServiceAdapter } from './clients/rest.js';
import type { TokenSource } from './clients/rest.js';

/** The REST clients one nova component calls other services with, all through its own hooks. */
export interface RestClients {
  readonly glance: GlanceClient;
  readonly neutron: NeutronClient;
  readonly placement: PlacementClient;
  readonly cinder: CinderClient;
  /** The raw placement adapter, for the scheduler's provider listing. */
  readonly placementAdapter: ServiceAdapter;
}

/** User calls carry the user's token (nova passes it on); admin calls use the service token. */
function tokensOf(env: CloudEnvironment): TokenSource {
  return {
    user: (context: RequestContext) => (typeof context.auth_token === 'string' && context.auth_token !== '' ? context.auth_token : env.serviceAuth.token),
    service: () => env.serviceAuth.token,
  };
}

export function restClientsFor(env: CloudEnvironment, instance: ComponentInstance): RestClients {
  const http = createComponentHttpClient(env, instance);
  const tokens = tokensOf(env);
  const adapter = (service: RestService) => new ServiceAdapter(http, () => env.endpoints[service], tokens);
  const placementAdapter = adapter('placement');
  return {
    glance: new GlanceClient(adapter('glance')),
    neutron: new NeutronClient(adapter('neutron')),
    placement: new PlacementClient(placementAdapter),
    cinder: new CinderClient(adapter('cinder')),
    placementAdapter,
  };
}
