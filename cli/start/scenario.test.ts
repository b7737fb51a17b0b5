import { describe, expect, it } from 'vitest';
import { stepsToRun } from './scenario.js';

describe('stepsToRun', () => {
  it('runs every step in scenario order', () => {
    expect(stepsToRun(['fault', 'delete', 'boot', 'unshelve', 'shelve'])).toEqual(['boot', 'shelve', 'unshelve', 'delete', 'fault']);
  });

  it('adds what a chosen step needs: a server for shelve, a shelved one for unshelve', () => {
    expect(stepsToRun(['unshelve'])).toEqual(['boot', 'shelve', 'unshelve']);
    expect(stepsToRun(['delete'])).toEqual(['boot', 'delete']);
  });

  it('needs nothing before the faulty boot', () => {
    expect(stepsToRun(['fault'])).toEqual(['fault']);
  });
});
