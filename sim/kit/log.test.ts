import { describe, expect, it } from 'vitest';
import { formatRecord } from './log.js';

const time = new Date(Date.UTC(2017, 4, 16, 0, 0, 30, 788));
const context = { request_id: 'req-6a76b8a4-0b4e-4b0a-9d3e-1c2d3e4f5a6b', global_request_id: null, user_id: '113d', project_id: '54fa' };

describe('oslo.log line format', () => {
  it('prints time, pid, level, logger and the context part with None for no global id', () => {
    expect(formatRecord(time, 25746, 'INFO', 'nova.api.openstack.requestlog', '10.11.10.1 "GET /v2.1/servers" status: 200 len: 15 microversion: 2.1 time: 0.012000', { context })).toBe(
      '2017-05-16 00:00:30.788 25746 INFO nova.api.openstack.requestlog [None req-6a76b8a4-0b4e-4b0a-9d3e-1c2d3e4f5a6b 113d 54fa - - default default] 10.11.10.1 "GET /v2.1/servers" status: 200 len: 15 microversion: 2.1 time: 0.012000\n',
    );
  });

  it('prints the global id first, an instance tag, dashes for an anonymous context, and [-] without one', () => {
    const withGlobal = { ...context, global_request_id: 'req-11111111-2222-4333-8444-555555555555' };
    expect(formatRecord(time, 1, 'DEBUG', 'nova.compute.manager', 'Took 1 seconds', { context: withGlobal, instance: 'abc' })).toBe(
      '2017-05-16 00:00:30.788 1 DEBUG nova.compute.manager [req-11111111-2222-4333-8444-555555555555 req-6a76b8a4-0b4e-4b0a-9d3e-1c2d3e4f5a6b 113d 54fa - - default default] [instance: abc] Took 1 seconds\n',
    );
    expect(formatRecord(time, 1, 'INFO', 'x', 'm', { context: { ...context, user_id: null, project_id: null } })).toBe('2017-05-16 00:00:30.788 1 INFO x [None req-6a76b8a4-0b4e-4b0a-9d3e-1c2d3e4f5a6b - - - - - -] m\n');
    expect(formatRecord(time, 1, 'WARNING', 'nova.scheduler', 'periodic')).toBe('2017-05-16 00:00:30.788 1 WARNING nova.scheduler [-] periodic\n');
  });

  it('puts the exception prefix, without context, before every traceback line', () => {
    const error = new Error('boom');
    error.stack = 'Error: boom\n    at f (a.ts:1:1)';
    expect(formatRecord(time, 7, 'ERROR', 'nova.compute.manager', 'Build failed', { context, instance: 'abc', exception: error })).toBe(
      '2017-05-16 00:00:30.788 7 ERROR nova.compute.manager [None req-6a76b8a4-0b4e-4b0a-9d3e-1c2d3e4f5a6b 113d 54fa - - default default] [instance: abc] Build failed\n' +
        '2017-05-16 00:00:30.788 7 ERROR nova.compute.manager [instance: abc] Error: boom\n' +
        '2017-05-16 00:00:30.788 7 ERROR nova.compute.manager [instance: abc]     at f (a.ts:1:1)\n',
    );
  });

  it('writes further lines of a message as they are, CRLF turned into LF', () => {
    expect(formatRecord(time, 1, 'INFO', 'x', 'first\r\nsecond', { context })).toBe('2017-05-16 00:00:30.788 1 INFO x [None req-6a76b8a4-0b4e-4b0a-9d3e-1c2d3e4f5a6b 113d 54fa - - default default] first\nsecond\n');
  });
});
