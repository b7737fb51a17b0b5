import type { RequestContext } from '../../kit/context.js';
import type { ServiceAdapter } from './rest.js';

export interface CinderVolume {
  readonly id: string;
  readonly status: string;
}

/** nova/volume/cinder.py: volume lookups and the attachment API (cinder 3.44+). */
export class CinderClient {
  readonly #rest: ServiceAdapter;

  constructor(rest: ServiceAdapter) {
    this.#rest = rest;
  }

  #base(context: RequestContext): string {
    return `/v3/${context.project_id ?? ''}`;
  }

  async getVolume(context: RequestContext, id: string): Promise<CinderVolume> {
    const response = await this.#rest.request(context, { method: 'GET', path: `${this.#base(context)}/volumes/${encodeURIComponent(id)}`, urlTemplate: '/v3/{project_id}/volumes/{volume_id}' });
    return (response.body as { volume: CinderVolume }).volume;
  }

  async createAttachment(context: RequestContext, volumeId: string, instanceUuid: string): Promise<string> {
    const body = { attachment: { volume_uuid: volumeId, instance_uuid: instanceUuid, connector: null } };
    const response = await this.#rest.request(context, { method: 'POST', path: `${this.#base(context)}/attachments`, urlTemplate: '/v3/{project_id}/attachments', body, headers: { 'openstack-api-version': 'volume 3.44' } });
    return (response.body as { attachment: { id: string } }).attachment.id;
  }

  async updateAttachment(context: RequestContext, attachmentId: string, host: string, device: string): Promise<void> {
    const body = { attachment: { connector: { host, mountpoint: device, initiator: `iqn.1994-05.com.redhat:${host}` } } };
    await this.#rest.request(context, { method: 'PUT', path: `${this.#base(context)}/attachments/${attachmentId}`, urlTemplate: '/v3/{project_id}/attachments/{attachment_id}', body, headers: { 'openstack-api-version': 'volume 3.44' } });
  }

  async completeAttachment(context: RequestContext, attachmentId: string): Promise<void> {
    await this.#rest.request(context, {
      method: 'POST',
      path: `${this.#base(context)}/attachments/${attachmentId}/action`,
      urlTemplate: '/v3/{project_id}/attachments/{attachment_id}/action',
      body: { 'os-complete': null },
      headers: { 'openstack-api-version': 'volume 3.44' },
    });
  }
}
