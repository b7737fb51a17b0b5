import type { RequestContext } from '../../kit/context.js';
import { isNotFound } from './rest.js';
import type { ServiceAdapter } from './rest.js';

export interface GlanceImage {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly min_disk?: number;
  readonly min_ram?: number;
}

/** nova/image/glance.py: the image calls nova makes, as the requesting user. */
export class GlanceClient {
  readonly #rest: ServiceAdapter;

  constructor(rest: ServiceAdapter) {
    this.#rest = rest;
  }

  async getImage(context: RequestContext, id: string): Promise<GlanceImage> {
    const response = await this.#rest.request(context, { method: 'GET', path: `/v2/images/${encodeURIComponent(id)}`, urlTemplate: '/v2/images/{image_id}' });
    return response.body as GlanceImage;
  }

  /** The shelve snapshot record: `POST /v2/images` → queued image. */
  async createImage(context: RequestContext, name: string, properties: Record<string, string>): Promise<GlanceImage> {
    const body = { name, container_format: 'bare', disk_format: 'qcow2', visibility: 'private', ...properties };
    const response = await this.#rest.request(context, { method: 'POST', path: '/v2/images', urlTemplate: '/v2/images', body });
    return response.body as GlanceImage;
  }

  async uploadImage(context: RequestContext, id: string, data: Uint8Array): Promise<void> {
    await this.#rest.request(context, {
      method: 'PUT',
      path: `/v2/images/${id}/file`,
      urlTemplate: '/v2/images/{image_id}/file',
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
  }

  async downloadImage(context: RequestContext, id: string): Promise<Uint8Array> {
    const response = await this.#rest.request(context, { method: 'GET', path: `/v2/images/${id}/file`, urlTemplate: '/v2/images/{image_id}/file', headers: { accept: 'application/octet-stream' } });
    return response.body instanceof Uint8Array ? response.body : new Uint8Array();
  }

  /** Deletes the image; one that is already gone (404) counts as deleted. */
  async deleteImage(context: RequestContext, id: string): Promise<void> {
    try {
      await this.#rest.request(context, { method: 'DELETE', path: `/v2/images/${id}`, urlTemplate: '/v2/images/{image_id}' });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
