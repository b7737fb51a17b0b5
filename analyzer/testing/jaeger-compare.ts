/**
 * Compares two Jaeger JSON traces span by span (operation, references, times, logs, service, every
 * span and process tag); returns one line per difference. Used to hold hoptrace's Jaeger model
 * against what a real Jaeger serves for the same spans.
 */
import type { JaegerTrace } from '../export/jaeger/model.js';

type Flat = Record<string, string>;

function flatten(trace: JaegerTrace): Map<string, Flat> {
  return new Map(trace.spans.map((s) => {
    const flat: Flat = {
      traceID: s.traceID, operationName: s.operationName, references: JSON.stringify(s.references), startTime: String(s.startTime),
      duration: String(s.duration), logs: JSON.stringify(s.logs), service: trace.processes[s.processID]?.serviceName ?? '?',
    };
    for (const t of s.tags) flat[`tag ${t.key}`] = `${t.type}:${String(t.value)}`;
    for (const t of trace.processes[s.processID]?.tags ?? []) flat[`process ${t.key}`] = `${t.type}:${String(t.value)}`;
    return [s.spanID, flat];
  }));
}

export function compareJaegerTraces(ours: JaegerTrace, theirs: JaegerTrace): string[] {
  const differences: string[] = [];
  if (ours.traceID !== theirs.traceID) differences.push(`traceID: hoptrace ${ours.traceID}, Jaeger ${theirs.traceID}`);
  const a = flatten(ours);
  const b = flatten(theirs);
  for (const id of b.keys()) if (!a.has(id)) differences.push(`span ${id} missing in hoptrace`);
  for (const [id, mine] of a) {
    const jaeger = b.get(id);
    if (jaeger === undefined) {
      differences.push(`span ${id} missing in Jaeger`);
      continue;
    }
    for (const key of new Set([...Object.keys(mine), ...Object.keys(jaeger)])) {
      if (mine[key] !== jaeger[key]) differences.push(`span ${id} ${key}: hoptrace ${mine[key] ?? '(absent)'}, Jaeger ${jaeger[key] ?? '(absent)'}`);
    }
  }
  return differences;
}
