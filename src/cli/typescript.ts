/**
 * TypeScript scenarios under the compiled CLI: the installed `snapsim` runs JavaScript and loads
 * no TypeScript loader at start; tsx (a dependency) is registered here, in this process, only when
 * a user's `.ts` scenario is about to be imported.
 */
const TYPESCRIPT = /\.[cm]?tsx?$/;
let registered = false;

/**
 * Makes `import()` of the TypeScript file `file` work: registers tsx's module hooks unless a loader
 * already runs TypeScript in this process — our own modules are `.ts` (the sources under tsx or
 * vitest), or the process's entry is a `.ts` script (`npx tsx scenario.ts` reaching `runIfMain`).
 * Both of tsx's hooks: in a package without `"type": "module"` (npm's default) Node loads a `.ts`
 * file as CommonJS, which only tsx's CommonJS hook compiles.
 */
export async function supportTypeScript(file: string): Promise<void> {
  if (registered || !TYPESCRIPT.test(file) || TYPESCRIPT.test(import.meta.url)) return;
  const entry = process.argv[1];
  if (entry !== undefined && TYPESCRIPT.test(entry)) return;
  const [cjs, esm] = await Promise.all([import('tsx/cjs/api'), import('tsx/esm/api')]);
  cjs.register();
  esm.register();
  registered = true;
}
