import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type Simulator } from '../../src/index.ts';
import { replay } from '../../src/sim/simulator.ts';
import { InvariantTracker, deepEqual } from '../../src/testing/index.ts';
import { stream } from '../../src/sim/random.ts';
import { postForm } from '../support/query-client.ts';

const CLIENTS = 16;
const ROUNDS = 40;
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
let server: RunningServer;

const call = (form: Record<string, string>, account: string) => postForm(agent, server.url, '/', { Version: '2012-12-01', ...form }, account);

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

describe('many clients mutating at once', () => {
  beforeAll(async () => {
    server = await startServer({ port: 0, seed: 21, clock: 'instant', config: { quotas: { manualSnapshots: 10_000 } } });
    for (const a of ACCOUNTS) await call({ Action: 'CreateCluster', ClusterIdentifier: 'prod', NodeType: 'dc2.large', MasterUsername: 'admin' }, a);
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
  });

  it('produce a log whose replay equals the live state, with every answered request fully applied', async () => {
    const sim = server.endpoint.sim as unknown as Simulator;
    const tracker = new InvariantTracker(sim);
    const deletedOk: { account: string; ids: string[] }[] = [];
    const client = async (c: number) => {
      const s = stream(21, 'client', String(c));
      const account = ACCOUNTS[c % ACCOUNTS.length]!;
      const mine: string[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const pick = s.next();
        if (pick < 0.5 || mine.length < 3) {
          const id = `c${c}-${i}`;
          const r = await call({ Action: 'CreateClusterSnapshot', ClusterIdentifier: 'prod', SnapshotIdentifier: id }, account);
          if (r.status === 200) mine.push(id);
        } else if (pick < 0.7) {
          const id = mine[Math.floor(s.next() * mine.length)]!;
          await call({ Action: 'AuthorizeSnapshotAccess', SnapshotIdentifier: id, AccountWithRestoreAccess: ACCOUNTS[(c + 1) % ACCOUNTS.length]! }, account);
        } else if (pick < 0.8) {
          const id = mine[Math.floor(s.next() * mine.length)]!;
          await call({ Action: 'RevokeSnapshotAccess', SnapshotIdentifier: id, AccountWithRestoreAccess: ACCOUNTS[(c + 1) % ACCOUNTS.length]! }, account);
        } else {
          const batch = mine.splice(0, 3);
          const form: Record<string, string> = { Action: 'BatchDeleteClusterSnapshots' };
          batch.forEach((id, k) => (form[`Identifiers.DeleteClusterSnapshotMessage.${k + 1}.SnapshotIdentifier`] = id));
          const r = await call(form, account);
          expect(r.status).toBe(200);
          const ok = [...r.body.matchAll(/<String>([^<]+)<\/String>/g)].map((m) => m[1]!);
          deletedOk.push({ account, ids: ok });
          mine.push(...batch.filter((id) => !ok.includes(id))); // still there (e.g. shared): keep tracking
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    tracker.check({ replayCheck: true });
    expect(deepEqual(replay(sim.entries()).state, sim.state)).toBe(true);
    for (const { account, ids } of deletedOk) {
      for (const id of ids) expect(sim.state.partitions.get(`${account}/us-east-1`)!.manual.has(id), `${id} deleted by an answered batch`).toBe(false);
    }
    // entries are whole: every command entry's events all belong to one request, in sequence
    const seqs = sim.entries().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });
});
