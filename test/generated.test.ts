import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/model/operations.ts';
import { DEFAULT_SOURCE } from '../scripts/trim-model.ts';
import { generateAll } from '../scripts/generate.ts';
import { CATALOGUE, CATALOGUE_OPERATIONS } from '../scripts/operations-catalogue.ts';

const model = JSON.parse(readFileSync(DEFAULT_SOURCE, 'utf8')) as { operations: Record<string, unknown> };
const modelOperations = Object.keys(model.operations);

describe('generated artefacts', () => {
  for (const { path, text } of generateAll()) {
    it(`${relative(process.cwd(), path)} is what npm run generate makes now`, () => {
      expect(readFileSync(path, 'utf8'), 'stale: run npm run generate').toBe(text);
    });
  }
});

describe('the operation lists', () => {
  it('every key of the operations table is an operation of the AWS model', () => {
    expect(Object.keys(OPERATIONS).filter((op) => !modelOperations.includes(op))).toEqual([]);
  });

  it('the catalogue holds 47 distinct operations of the AWS model in 8 areas', () => {
    expect(CATALOGUE).toHaveLength(8);
    expect(CATALOGUE_OPERATIONS).toHaveLength(47);
    expect(new Set(CATALOGUE_OPERATIONS).size).toBe(47);
    expect(CATALOGUE_OPERATIONS.filter((op) => !modelOperations.includes(op))).toEqual([]);
  });

  it('docs/operations.md counts the implemented catalogue operations', () => {
    const doc = readFileSync(new URL('../docs/operations.md', import.meta.url), 'utf8');
    const implemented = CATALOGUE_OPERATIONS.filter((op) => Object.hasOwn(OPERATIONS, op)).length;
    expect(doc).toContain(`\n${implemented} of 47 implemented.\n`);
    for (const op of Object.keys(OPERATIONS).filter((o) => CATALOGUE_OPERATIONS.includes(o))) expect(doc).toContain(`| ${op} | implemented |`);
  });
});
