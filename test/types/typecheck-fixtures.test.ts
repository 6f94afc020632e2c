import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The type-level tests are checked by `tsc --noEmit -p .` (part of `npm test`), not by vitest;
// this only documents them and keeps them from being emptied unnoticed.
const read = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

describe('type-level fixtures (checked by tsc)', () => {
  it('shapes.typecheck.ts expects a misspelt member and a wrongly typed member not to compile, in the shapes and in the Simulator methods', () => {
    const lines = read('shapes.typecheck.ts').split('\n').filter((l) => l.trim().startsWith('// @ts-expect-error'));
    expect(lines).toHaveLength(4);
  });

  it('sdk-compat.typecheck.ts compares the generated shapes with @aws-sdk/client-redshift', () => {
    const text = read('sdk-compat.typecheck.ts');
    expect(text).toContain("from '@aws-sdk/client-redshift'");
    expect(text).toContain('everyOperationMatchesTheSdk');
  });
});
