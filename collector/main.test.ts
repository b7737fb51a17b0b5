import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeProtoRequest } from './otlp/decode-proto.js';
import { captureSdkBody, makeSdkSpans } from './testing/otel.js';

const MAIN = join(import.meta.dirname, 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'hoptrace-collector-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(configFile: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, out: () => stdout, err: () => stderr };
}

describe('collector/main.ts', () => {
  it('runs from a config file, forwards what it receives, and stops gracefully on SIGTERM', async () => {
    const received: Buffer[] = [];
    const downstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => downstream.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/v1/traces`;
    const file = join(dir, 'forward.json');
    writeFileSync(file, JSON.stringify({ receiver: { port: 0 }, exporters: [{ type: 'otlp-http', endpoint }] }));
    const { child, out } = run(file);
    try {
      while (!/listening on (\S+)/.test(out())) await once(child.stdout, 'data');
      const url = /listening on (\S+)/.exec(out())![1]!;
      const body = await captureSdkBody('protobuf', makeSdkSpans({ spans: 3 }));
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      expect(res.status).toBe(200);
      expect(received.flatMap((b) => decodeProtoRequest(b))).toEqual(decodeProtoRequest(body));
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(0);
      expect(out()).toContain('SIGTERM: shutting down');
    } finally {
      child.kill('SIGKILL');
      downstream.close();
    }
  });

  it('exits 1 naming every problem of an invalid configuration', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ receiver: { port: 'x' }, exporters: [{ type: 'kafka', topic: '' }] }));
    const { child, err } = run(file);
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(err()).toContain('receiver.port must be an integer');
    expect(err()).toContain('exporters[0].topic must be a non-empty string');
  });
});
