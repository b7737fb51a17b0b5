import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_MODELS_DIR } from '../config.js';
import { loadModelDir, parseModelText } from './load.js';
import { ModelError } from './model-error.js';
import { modelToYaml } from './serialize.js';

const HEADER = 'apiVersion: hoptrace/v1\nkind: FlowModel\nmetadata:\n  name: boot\n';

function problemsOf(text: string, file = 'models/x.yaml'): readonly string[] {
  try {
    parseModelText(text, file, 'user');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return (error as ModelError).problems;
  }
  throw new Error('expected a ModelError');
}

describe('model files', () => {
  it('loads every shipped model and the invariants', () => {
    const set = loadModelDir(SHIPPED_MODELS_DIR, 'shipped');
    expect([...set.models.keys()].sort()).toEqual(['attach_volume', 'boot', 'delete', 'reboot', 'shelve', 'shelveOffload', 'start', 'stop', 'unshelve']);
    expect(set.invariants.map((i) => i.forbidden.map((f) => f.id)).flat()).toContain('compute-no-database');
    expect(set.models.get('boot')!.hops.filter((h) => h.required).map((h) => h.id)).toEqual(
      ['request', 'api-image', 'build-request', 'select-destinations', 'allocation-candidates', 'claim', 'build']);
  });

  it('names the file and the key of every problem, all at once', () => {
    const text = `${HEADER}spec:\n  hops:\n    - { from: nova-api, to: glance, kind: rest, operation: x }\n    - { from: nova-api, kind: http, requird: true }\n  order:\n    - { before: a, after: b }\n`;
    let error: ModelError | undefined;
    try {
      parseModelText(text, 'models/boot.yaml', 'user');
    } catch (e) {
      error = e as ModelError;
    }
    expect(error?.message).toContain('models/boot.yaml: spec.hops[0].kind: must be one of http, rpc_call, rpc_cast, rpc_fanout, db, got "rest"');
    expect(error?.problems).toEqual(expect.arrayContaining([
      'spec.hops[1].requird: unknown key (known: id, from, to, kind, operation, required, count)',
      'spec.hops[1].to: is required',
      'spec.order[0].before: names no hop id ("a")',
      'spec.order[0].after: names no hop id ("b")',
    ]));
  });

  it('refuses another apiVersion, an unknown kind and a missing name', () => {
    expect(problemsOf('apiVersion: hoptrace/v2\nkind: Model\nmetadata: {}\nspec: {}\n')).toEqual(expect.arrayContaining([
      'apiVersion: must be hoptrace/v1, got "hoptrace/v2"',
      'kind: must be one of FlowModel, Invariants, got "Model"',
      'metadata.name: is required',
    ]));
  });

  it('reports YAML syntax errors with the file', () => {
    expect(problemsOf(`${HEADER}spec:\n  hops: [ {from: a\n`)[0]).toMatch(/^YAML: /);
  });

  it('checks counts, severities and rpc kinds', () => {
    expect(problemsOf(`${HEADER}spec:\n  hops:\n    - { from: a, to: b, kind: http, count: { min: 3, max: 1 } }\n`)).toEqual(['spec.hops[0].count: min 3 is greater than max 1']);
    const inv = 'apiVersion: hoptrace/v1\nkind: Invariants\nmetadata: { name: n }\nspec:\n  forbidden:\n    - { id: x, description: d, severity: loud }\n  rpcKinds: { select_destinations: http }\n';
    expect(problemsOf(inv)).toEqual([
      'spec.forbidden[0].severity: must be one of info, warning, critical, got "loud"',
      'spec.rpcKinds.select_destinations: must be one of rpc_call, rpc_cast, rpc_fanout, got "http"',
    ]);
  });

  it('refuses the same operation defined in two files of one directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoptrace-models-'));
    const body = `${HEADER}spec:\n  hops:\n    - { from: client, to: nova-api, kind: http }\n`;
    writeFileSync(join(dir, 'a.yaml'), body);
    writeFileSync(join(dir, 'b.yml'), body);
    expect(() => loadModelDir(dir, 'user')).toThrow(`${join(dir, 'b.yml')}: spec.operation: "boot" is already defined in ${join(dir, 'a.yaml')}`);
  });

  it('names a models directory that cannot be read', () => {
    expect(() => loadModelDir('/nonexistent/hoptrace-models', 'user')).toThrow(/^\/nonexistent\/hoptrace-models: cannot read the models directory: ENOENT/);
  });

  it('writes a model that reads back equal', () => {
    const boot = loadModelDir(SHIPPED_MODELS_DIR, 'shipped').models.get('boot')!;
    const again = parseModelText(modelToYaml(boot), 'again.yaml', 'user').models.get('boot')!;
    expect({ ...again, file: undefined }).toEqual({ ...boot, file: undefined });
  });
});
