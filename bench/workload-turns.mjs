// Entry of a paired-measurement worker. Node 20 does not hand the parent's module hooks (tsx) to
// a worker, so the worker loads its TypeScript through tsx's own API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./workload-turns.ts', import.meta.url);
