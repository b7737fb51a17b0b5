/**
 * The floor under `GET /api/flows/{id}` on this machine: a bare node:http server in its own
 * process answering every request with the same flow JSON body and the same headers
 * (Content-Type, Content-Length, ETag), with no lookup at all. Prints its base URL on one line;
 * exits when its stdin closes.
 *
 * Run: `node --import tsx bench/analyzer-query-floor.ts <body file>` (analyzer-query.ts does).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { weakEtag } from '../analyzer/query/flow-bodies.js';

const body = readFileSync(process.argv[2]!);
const headers = ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(body.length), 'ETag', weakEtag(body)];
const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close();
  process.stdin.pause();
});
