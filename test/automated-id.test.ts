import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { automatedId, clusterOfAutomatedId, isAutomatedIdOf } from '../src/model/automated-id.ts';

/** Cluster identifiers as AWS allows them: lowercase letters, digits, hyphens, first a letter. */
const clusterId = fc.stringMatching(/^[a-z][a-z0-9-]{0,62}$/);
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });

describe('automated snapshot identifiers', () => {
  it('name the cluster they were built for, and no other', () => {
    fc.assert(
      fc.property(clusterId, clusterId, instant, (c, other, at) => {
        const id = automatedId(c, at);
        expect(id).toBe(`rs:${c}-${new Date(Math.floor(at / 1000) * 1000).toISOString().slice(0, 19).replace(/[T:]/g, '-')}`);
        expect(clusterOfAutomatedId(id)).toBe(c);
        expect(isAutomatedIdOf(id, c)).toBe(true);
        expect(isAutomatedIdOf(id, other)).toBe(other === c);
      }),
    );
  });
  it('a manual identifier is never one (identifiers have no colon)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,254}$/), clusterId, (id, c) => {
        expect(clusterOfAutomatedId(id)).toBeUndefined();
        expect(isAutomatedIdOf(id, c)).toBe(false);
      }),
    );
  });
});
