/**
 * The shape of an operation: a command (decides events, then replies from the new state) or a
 * query (reads the state), typed by the AWS input and output shapes of its operation (generated in
 * `src/shapes/`). The operations table maps AWS operation names to these.
 */
import type { DomainEvent } from '../events/types.ts';
import type { InputOf, OperationName, OutputOf } from '../shapes/redshift.ts';
import type { Environment } from './environment.ts';
import type { MemberRules } from './rules.ts';
import type { Caller, State } from './types.ts';

/** What a command decided: the events to append, and the reply to build once they apply. */
export interface Decision<O extends OperationName = OperationName> {
  readonly events: DomainEvent[];
  /** Builds the AWS output from the state after the events applied. */
  readonly reply: (after: State) => OutputOf<O>;
}

/**
 * What every operation declares: its required members, and the rule each member snapsim models
 * follows (members of the AWS input that have no rule are refused at run time, by name).
 */
interface OperationBase<O extends OperationName> {
  readonly required: readonly (keyof InputOf<O> & string)[];
  readonly rules: MemberRules<InputOf<O>>;
}

/** A state-changing operation. `decide` throws a ServiceError to refuse. */
export interface CommandOp<O extends OperationName = OperationName> extends OperationBase<O> {
  readonly kind: 'command';
  decide(state: State, input: InputOf<O>, caller: Caller, env: Environment): Decision<O>;
}

/** A read-only operation. */
export interface QueryOp<O extends OperationName = OperationName> extends OperationBase<O> {
  readonly kind: 'query';
  run(state: State, input: InputOf<O>, caller: Caller, now: number): OutputOf<O>;
}

/** Any operation. */
export type Operation<O extends OperationName = OperationName> = CommandOp<O> | QueryOp<O>;

/** Declares the command operation `O`. */
export const command = <O extends OperationName>(def: Omit<CommandOp<O>, 'kind'>): CommandOp<O> => ({ kind: 'command', ...def });
/** Declares the query operation `O`. */
export const query = <O extends OperationName>(def: Omit<QueryOp<O>, 'kind'>): QueryOp<O> => ({ kind: 'query', ...def });

/**
 * An operation as the by-name path holds it (`execute(name, input)`, the codec, the log): its
 * input is not typed until its rules have validated it, so this view is generic by nature.
 */
export type UntypedOperation =
  | {
      readonly kind: 'command';
      readonly required: readonly string[];
      readonly rules: MemberRules;
      decide(state: State, input: Record<string, unknown>, caller: Caller, env: Environment): { readonly events: DomainEvent[]; readonly reply: (after: State) => object };
    }
  | {
      readonly kind: 'query';
      readonly required: readonly string[];
      readonly rules: MemberRules;
      run(state: State, input: Record<string, unknown>, caller: Caller, now: number): object;
    };
