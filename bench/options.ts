/** What `bench/run.ts` passes every bench. */
export interface BenchOptions {
  /** `--full`: the long measurements too (simulate's paired scaling runs). */
  full: boolean;
}
