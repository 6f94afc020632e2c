/**
 * `npm run bench -- <name>`: runs `bench/<name>.ts` (its default export) and prints its result
 * as the last line, one JSON object. `npm run bench` with no name runs simulate, replay and http.
 */
// simulate first: its wallSeconds is a cold first run, which an earlier bench would warm up
const DEFAULT = ['simulate', 'replay', 'http'];
/** Benches run only when named: `compare` pairs this build with an older one; `memory` runs ten virtual years; `sweep` times worker threads. */
const NAMES = [...DEFAULT, 'compare', 'memory', 'sweep'];

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const todo = names.length > 0 ? names : DEFAULT;
for (const name of todo) {
  if (!NAMES.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${NAMES.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(`./${name}.ts`)) as { default: () => Promise<Record<string, unknown>> };
  const result = await mod.default();
  console.log(JSON.stringify(result));
}
