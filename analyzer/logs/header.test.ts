import { describe, expect, it } from 'vitest';
import { parseHeader } from './header.js';

const REAL =
  'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:30.788 25746 INFO nova.osapi_compute.wsgi.server [req-6a763803-4838-49c7-814e-eaefbaddee9d 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 "POST /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers HTTP/1.1" status: 202 len: 733 time: 0.6686139';

describe('parseHeader', () => {
  it('reads every field of a real loghub line (file prefix, old context format)', () => {
    const h = parseHeader(REAL)!;
    expect(h.filePrefix).toBe('nova-api.log.1.2017-05-16_13:53:08');
    expect(h.timeUs).toBe(Date.UTC(2017, 4, 16, 0, 0, 30, 788) * 1000);
    expect(h.pid).toBe(25746);
    expect(h.level).toBe('INFO');
    expect(h.logger).toBe('nova.osapi_compute.wsgi.server');
    expect(h.context).toEqual({
      requestId: 'req-6a763803-4838-49c7-814e-eaefbaddee9d',
      globalRequestId: undefined,
      userId: '113d3a99c3da401fbd62cc2caa5b96d2',
      projectId: '54fadb412c4e40cdbaed9335e4c35a9e',
    });
    expect(h.message).toBe('10.11.10.1 "POST /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers HTTP/1.1" status: 202 len: 733 time: 0.6686139');
  });

  it('takes no built-in object property for a level word', () => {
    for (const word of ['constructor', 'toString', '__proto__']) {
      expect(parseHeader(`2026-01-02 03:04:05.123 7 ${word} nova.api [-] m`)).toBeUndefined();
    }
  });

  it('reads the newer context format with and without a global request id', () => {
    const none = parseHeader('2026-01-02 03:04:05.123456 7 DEBUG nova.compute.manager [None req-11111111-1111-4111-8111-111111111111 u p - - -] hello')!;
    expect(none.context).toEqual({ requestId: 'req-11111111-1111-4111-8111-111111111111', globalRequestId: undefined, userId: 'u', projectId: 'p' });
    expect(none.timeUs % 1_000_000).toBe(123456);
    const global = parseHeader('2026-01-02 03:04:05.123 7 INFO glance.api [req-aaaaaaaa-1111-4111-8111-111111111111 req-bbbbbbbb-1111-4111-8111-111111111111 - - - - -] m')!;
    expect(global.context.globalRequestId).toBe('req-aaaaaaaa-1111-4111-8111-111111111111');
    expect(global.context.requestId).toBe('req-bbbbbbbb-1111-4111-8111-111111111111');
    expect(global.context.userId).toBeUndefined();
    expect(global.filePrefix).toBeUndefined();
  });

  it('treats [-] as no context and keeps an [instance: …] prefix in the message', () => {
    const h = parseHeader('2017-05-16 00:00:10.302 2931 INFO nova.virt.libvirt.driver [-] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance spawned successfully.')!;
    expect(h.context.requestId).toBeUndefined();
    expect(h.message).toBe('[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance spawned successfully.');
    const bare = parseHeader('2017-05-16 00:00:10.302 2931 ERROR nova.compute.manager [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Traceback (most recent call last):')!;
    expect(bare.context.requestId).toBeUndefined();
    expect(bare.message.startsWith('[instance: ')).toBe(true);
  });

  it('normalises WARN and accepts a comma before the milliseconds', () => {
    expect(parseHeader('2017-05-16 00:00:10,302 1 WARN x.y [-] m')!.level).toBe('WARNING');
  });

  it.each([
    ['a traceback frame', '  File "/usr/lib/python2.7/site.py", line 1, in <module>'],
    ['a bad month', '2017-13-16 00:00:10.302 1 INFO x [-] m'],
    ['an unknown level', '2017-05-16 00:00:10.302 1 NOTICE x [-] m'],
    ['no pid', '2017-05-16 00:00:10.302 INFO x [-] m'],
    ['free text', 'hello world'],
    ['an empty line', ''],
  ])('refuses %s', (_what, line) => {
    expect(parseHeader(line)).toBeUndefined();
  });
});
