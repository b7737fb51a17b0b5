import type { RequestContext } from '../../kit/context.js';
import { isNotFound } from './rest.js';
import type { RestCall, ServiceAdapter } from './rest.js';

export interface AllocationRequest {
  readonly allocations: Readonly<Record<string, { readonly resources: Readonly<Record<string, number>> }>>;
}

export interface AllocationCandidates {
  readonly allocation_requests: readonly AllocationRequest[];
  readonly provider_summaries: Readonly<Record<string, unknown>>;
}

/** nova/scheduler/client/report.py: placement calls, as nova's service user, versioned per call. */
export class PlacementClient {
  readonly #rest: ServiceAdapter;

  constructor(rest: ServiceAdapter) {
    this.#rest = rest;
  }

  #request(context: RequestContext, version: string, call: Omit<RestCall, 'asService' | 'headers'>) {
    return this.#rest.request(context, { ...call, asService: true, headers: { 'openstack-api-version': `placement ${version}` } });
  }

  async allocationCandidates(context: RequestContext, resources: Readonly<Record<string, number>>): Promise<AllocationCandidates> {
    const list = Object.entries(resources)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, amount]) => `${name}:${amount}`)
      .join(',');
    const path = `/allocation_candidates?limit=1000&resources=${list}&root_required=!COMPUTE_STATUS_DISABLED`;
    const response = await this.#request(context, '1.36', { method: 'GET', path, urlTemplate: '/allocation_candidates' });
    return response.body as AllocationCandidates;
  }

  /** `GET /allocations/{consumer}`; resolves with the consumer generation (null when new). */
  async getAllocations(context: RequestContext, consumer: string): Promise<{ allocations: Record<string, unknown>; consumer_generation: number | null }> {
    const response = await this.#request(context, '1.28', { method: 'GET', path: `/allocations/${consumer}`, urlTemplate: '/allocations/{consumer_uuid}' });
    const body = response.body as { allocations?: Record<string, unknown>; consumer_generation?: number | null };
    return { allocations: body.allocations ?? {}, consumer_generation: body.consumer_generation ?? null };
  }

  async putAllocations(context: RequestContext, consumer: string, request: AllocationRequest, generation: number | null): Promise<void> {
    const body = { allocations: request.allocations, project_id: context.project_id, user_id: context.user_id, consumer_generation: generation };
    await this.#request(context, '1.28', { method: 'PUT', path: `/allocations/${consumer}`, urlTemplate: '/allocations/{consumer_uuid}', body });
  }

  /** Drops the consumer's allocations; none to drop (404) is fine, as nova's report client logs and goes on. */
  async deleteAllocations(context: RequestContext, consumer: string): Promise<void> {
    try {
      await this.#request(context, '1.28', { method: 'DELETE', path: `/allocations/${consumer}`, urlTemplate: '/allocations/{consumer_uuid}' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

/** A resource provider as `GET /resource_providers` lists it. */
export interface ResourceProvider {
  readonly uuid: string;
  readonly name: string;
}

/** `GET /resource_providers` (placement 1.14): how the scheduler's host manager learns provider names. */
export async function listResourceProviders(rest: ServiceAdapter, context: RequestContext): Promise<ResourceProvider[]> {
  const response = await rest.request(context, {
    method: 'GET',
    path: '/resource_providers',
    urlTemplate: '/resource_providers',
    asService: true,
    headers: { 'openstack-api-version': 'placement 1.14' },
  });
  return (response.body as { resource_providers: ResourceProvider[] }).resource_providers;
}
