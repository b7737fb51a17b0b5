import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './validate.js';

const deploy = join(import.meta.dirname, '..', '..', 'deploy');

describe('the sample configurations in deploy/', () => {
  const samples = readdirSync(deploy).filter((f) => /^collector.*\.json$/.test(f));
  it('exist', () => expect(samples.length).toBeGreaterThanOrEqual(2));
  for (const file of samples) {
    it(`${file} is valid`, () => {
      expect(() => resolveConfig(JSON.parse(readFileSync(join(deploy, file), 'utf8')))).not.toThrow();
    });
  }
});
