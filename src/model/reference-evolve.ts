/**
 * The reference `evolve`: the pure form of `apply` over an immer draft. Tests and the invariant
 * checker use it to check that the fast, in-place `apply` changes nothing it should not. immer is
 * imported here only, and its plug-ins are enabled only when this module is loaded.
 */
import { produce, enableMapSet, immerable } from 'immer';
import type { DomainEvent } from '../events/types.ts';
import { apply } from './evolve.ts';
import { SeqIndex } from './seq-index.ts';
import type { State } from './types.ts';

enableMapSet();
(SeqIndex.prototype as unknown as Record<symbol, boolean>)[immerable] = true;

/** The pure form of {@link apply}: returns a new state, leaving `s` untouched (immer). */
export const evolve = (s: State, e: DomainEvent, at: number): State =>
  produce(s, (draft) => {
    apply(draft as unknown as State, e, at);
  });
