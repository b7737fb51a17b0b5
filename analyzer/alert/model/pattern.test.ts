import { describe, expect, it } from 'vitest';
import { compilePattern, matchesHop, matchesOperation } from './pattern.js';

describe('operation patterns', () => {
  it('matches a route parameter of any name with {name}', () => {
    expect(matchesOperation('GET /v2/images/{id}', 'GET /v2/images/{image_id}')).toBe(true);
    expect(matchesOperation('GET /v2/images/{id}', 'GET /v2/images/abc/file')).toBe(false);
  });

  it('keeps * inside one segment and lets ** cross segments', () => {
    expect(matchesOperation('object_*', 'object_class_action_versions')).toBe(true);
    expect(matchesOperation('GET /v2.0/*', 'GET /v2.0/ports/{id}')).toBe(false);
    expect(matchesOperation('GET /v2.0/**', 'GET /v2.0/ports/{id}')).toBe(true);
    expect(matchesOperation('POST **/servers', 'POST /v2.1/servers')).toBe(true);
    expect(matchesOperation('POST **/servers', 'POST /v2.1/servers/{id}/action')).toBe(false);
  });

  it('treats regular-expression characters literally', () => {
    expect(matchesOperation('GET /v2.0/networks', 'GET /v2x0/networks')).toBe(false);
    expect(matchesOperation('a+b', 'a+b')).toBe(true);
  });

  it('rejects an unclosed parameter', () => {
    expect(() => compilePattern('GET /x/{id')).toThrow('unclosed "{"');
  });

  it('matches a hop only on the fields the pattern sets', () => {
    const hop = { from: 'nova-compute', to: 'database', kind: 'db' as const, operation: 'UPDATE instances' };
    expect(matchesHop({ from: 'nova-compute', to: 'database' }, hop)).toBe(true);
    expect(matchesHop({ from: 'nova-compute', kind: 'http' }, hop)).toBe(false);
  });
});
