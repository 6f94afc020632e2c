/**
 * The shape of an operation: a command (decides events, then replies from the new state) or a
 * query (reads the state). The operations table maps AWS operation names to these.
 */
import type { DomainEvent } from '../events/types.ts';
import type { Environment } from './environment.ts';
import type { Input } from './input.ts';
import type { MemberRules } from './rules.ts';
import type { Caller, State } from './types.ts';

/** What a command decided: the events to append, and the reply to build once they apply. */
export interface Decision {
  readonly events: DomainEvent[];
  /** Builds the AWS output from the state after the events applied. */
  readonly reply: (after: State) => Record<string, unknown>;
}

/** A state-changing operation. `decide` throws a ServiceError to refuse. */
export interface CommandOp {
  readonly kind: 'command';
  readonly required: readonly string[];
  readonly rules: MemberRules;
  decide(state: State, input: Input, caller: Caller, env: Environment): Decision;
}

/** A read-only operation. */
export interface QueryOp {
  readonly kind: 'query';
  readonly required: readonly string[];
  readonly rules: MemberRules;
  run(state: State, input: Input, caller: Caller, now: number): Record<string, unknown>;
}

/** Any operation. */
export type Operation = CommandOp | QueryOp;

/** Declares a command operation. */
export const command = (def: Omit<CommandOp, 'kind'>): CommandOp => ({ kind: 'command', ...def });
/** Declares a query operation. */
export const query = (def: Omit<QueryOp, 'kind'>): QueryOp => ({ kind: 'query', ...def });
