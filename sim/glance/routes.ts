import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { CloudEnvironment } from '../kit/environment.js';
import { ApiError } from '../kit/rest/api-error.js';
import { contextOf } from '../kit/rest/request-id.js';
import { glanceTime, imageBody } from './images.js';
import type { Image, ImageStore } from './images.js';
import { imageFields, patchOps } from './validate.js';

const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/** glance v2 (openstack.md §5.4): discovery, images list/show/create/patch/upload/download/delete. */
export function glanceRoutes(env: CloudEnvironment, images: ImageStore): Router {
  const router = Router();
  const versions = () => ['v2.18', 'v2.17', 'v2.16', 'v2.15', 'v2.9', 'v2.7', 'v2.6', 'v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0'].map((id, i) => ({ id, status: i === 0 ? 'CURRENT' : 'SUPPORTED', links: [{ rel: 'self', href: `${env.endpoints.glance}/v2/` }] }));
  router.get('/', (_req, res) => void res.status(300).json({ versions: versions() }));
  router.get('/versions', (_req, res) => void res.json({ versions: versions() }));

  router.get('/v2/images', (req, res) => {
    const { name, status, visibility } = req.query;
    const limit = req.query['limit'] === undefined ? Infinity : Number(req.query['limit']);
    if (!Number.isInteger(limit) && limit !== Infinity) throw new ApiError(400, 'limit param must be an integer');
    if (limit < 0) throw new ApiError(400, 'limit param must be positive');
    const matching = images
      .list()
      .filter((image) => visibleTo(image, res))
      .filter((image) => name === undefined || image.name === name)
      .filter((image) => status === undefined || image.status === status)
      .filter((image) => visibility === undefined || visibility === 'all' || image.visibility === visibility);
    const marker = req.query['marker'];
    const start = marker === undefined ? 0 : matching.findIndex((image) => image.id === marker) + 1;
    if (start === 0 && marker !== undefined) throw new ApiError(400, `marker ${String(marker)} not found`);
    const page = matching.slice(start, start + limit);
    const more = start + page.length < matching.length && page.length > 0;
    const query = new URLSearchParams(Object.entries(req.query).filter(([key, value]) => key !== 'marker' && typeof value === 'string') as [string, string][]);
    if (more) query.set('marker', page.at(-1)!.id);
    res.json({ images: page.map(imageBody), first: '/v2/images', schema: '/v2/schemas/images', ...(more ? { next: `/v2/images?${query.toString()}` } : {}) });
  });
  router.post('/v2/images', (req, res) => {
    const { core, properties } = imageFields(req.body);
    const image = images.create({ ...core, properties, owner: contextOf(res).project_id });
    res.status(201).setHeader('Location', `${env.endpoints.glance}/v2/images/${image.id}`);
    res.json(imageBody(image));
  });
  router.get('/v2/images/:id', (req, res) => void res.json(imageBody(visible(images.get(param(req)), res))));
  router.patch('/v2/images/:id', (req, res) => {
    const image = visible(images.get(param(req)), res);
    const ops = patchOps(req.body);
    for (const { op, key, value } of ops) {
      if (key in image.properties || !['name', 'visibility', 'protected', 'os_hidden', 'container_format', 'disk_format', 'min_disk', 'min_ram', 'tags'].includes(key)) {
        if (op === 'remove') delete image.properties[key];
        else image.properties[key] = value;
      } else {
        const { core } = imageFields({ [key]: op === 'remove' ? null : value });
        Object.assign(image, core);
      }
    }
    image.updated_at = glanceTime(new Date());
    res.json(imageBody(image));
  });
  router.put('/v2/images/:id/file', express.raw({ type: () => true, limit: MAX_IMAGE_BYTES }), (req, res) => {
    const image = visible(images.get(param(req)), res);
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    images.upload(image.id, data);
    res.status(204).end();
  });
  router.get('/v2/images/:id/file', (req, res) => {
    const image = visible(images.get(param(req)), res);
    if (image.data === null) return void res.status(204).end();
    const body = imageBody(image);
    res.setHeader('Content-MD5', String(body['checksum']));
    res.type('application/octet-stream').send(image.data);
  });
  router.delete('/v2/images/:id', (req, res) => {
    images.delete(visible(images.get(param(req)), res).id);
    res.status(204).end();
  });
  return router;
}

function param(req: Request): string {
  return String(req.params['id']);
}

/** An image the caller may see: public or community ones, its project's, or any for an admin. */
function visibleTo(image: Image, res: Response): boolean {
  const context = contextOf(res);
  return image.visibility === 'public' || image.visibility === 'community' || image.owner === context.project_id || context.is_admin === true;
}

function visible(image: Image, res: Response): Image {
  if (!visibleTo(image, res)) throw new ApiError(404, `No image found with ID ${image.id}`);
  return image;
}
