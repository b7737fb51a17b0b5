import { stringify } from 'yaml';
import { MODEL_API_VERSION } from './types.js';
import type { FlowModel } from './types.js';

/** The document shape of a model, as written to a file and as served by `GET /api/models/{op}`. */
export function modelToDocument(model: FlowModel): Record<string, unknown> {
  return {
    apiVersion: MODEL_API_VERSION,
    kind: 'FlowModel',
    metadata: {
      name: model.operation,
      ...(model.description && { description: model.description }),
      source: model.source,
      revision: model.revision,
      ...(model.learnedFrom !== undefined && { learnedFrom: model.learnedFrom }),
    },
    spec: {
      operation: model.operation,
      hops: model.hops.map((h) => ({
        id: h.id,
        from: h.from,
        to: h.to,
        kind: h.kind,
        ...(h.operation !== undefined && { operation: h.operation }),
        required: h.required,
        ...(h.count && { count: { ...h.count } }),
      })),
      ...(model.order.length > 0 && { order: model.order.map((o) => ({ ...o })) }),
    },
  };
}

/** YAML text that `parseModelText` reads back into an equal model. */
export function modelToYaml(model: FlowModel): string {
  return stringify(modelToDocument(model), { lineWidth: 0 });
}

/** The file a model of `operation` is saved as: `<operation>.yaml`, unsafe characters replaced. */
export function serializeFileName(operation: string): string {
  return `${operation.replace(/[^A-Za-z0-9_.-]/g, '_')}.yaml`;
}
