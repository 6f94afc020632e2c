/**
 * The layers of the design (section "Layers"), enforced in CI (`npm run lint:deps`, run by .ci/run).
 *
 *   api · cli · scenario · report · testing   top (scenario and report never import cli)
 *   format                                    helpers shared by report and scenario
 *   sim → model → events → machines           each imports only the layers below it
 *   shapes                                    generated AWS shape types, type-only, the bottom
 *
 * Every rule is about modules under src/; npm packages and node builtins are out of scope.
 * `import type` counts (tsPreCompilationDeps), and so does a dynamic `import()`.
 */

/** Modules that may import the root barrel: entry-point barrels for package subpaths. */
const ENTRY_BARRELS = '^src/entry/[^/]+\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'machines-import-nothing-of-ours',
      comment:
        'src/machines (the XState specification) is the bottom layer of the simulator: it imports nothing ' +
        'from src/ except the generated shape types in src/shapes.',
      severity: 'error',
      from: { path: '^src/machines/' },
      to: { path: '^src/', pathNot: '^src/(machines|shapes)/' },
    },
    {
      name: 'events-only-machines',
      comment:
        'src/events (the persisted schema) imports only src/machines and src/shapes. The model imports ' +
        'the events, never the reverse: move any type both need into src/events.',
      severity: 'error',
      from: { path: '^src/events/' },
      to: { path: '^src/', pathNot: '^src/(events|machines|shapes)/' },
    },
    {
      name: 'model-only-machines-events',
      comment: 'src/model imports only src/machines, src/events and src/shapes.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/(model|events|machines|shapes)/' },
    },
    {
      name: 'sim-only-model-events-machines',
      comment: 'src/sim (the deterministic kernel) imports only src/model, src/events, src/machines and src/shapes.',
      severity: 'error',
      from: { path: '^src/sim/' },
      to: { path: '^src/', pathNot: '^src/(sim|model|events|machines|shapes)/' },
    },
    {
      name: 'shapes-type-only-bottom',
      comment:
        'src/shapes (generated AWS shape types, type-only) is the very bottom: it imports nothing of ours. ' +
        'The rule matches nothing while the folder is absent or empty.',
      severity: 'error',
      from: { path: '^src/shapes/' },
      to: { path: '^src/', pathNot: '^src/shapes/' },
    },
    {
      name: 'format-below-report-and-scenario',
      comment:
        'src/format (durations, instants, sizes as people read them) is shared by report, scenario and cli, ' +
        'so it sits below them: it imports nothing of ours except src/shapes.',
      severity: 'error',
      from: { path: '^src/format/' },
      to: { path: '^src/', pathNot: '^src/(format|shapes)/' },
    },
    {
      name: 'scenario-report-never-cli',
      comment:
        'src/scenario and src/report are libraries the CLI drives; they never import src/cli, not even ' +
        'through a dynamic import(). Code that needs both (runIfMain) lives in src/cli, and the scenario ' +
        'scripts get it from the src/entry/scenario.ts barrel.',
      severity: 'error',
      from: { path: '^src/(scenario|report)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'No cycle between folders of src/: if a module of folder A imports folder B, no module of B may ' +
        'import A (directly or through other folders). Cycles among the modules of one folder are allowed. ' +
        'Folder-scoped, so it also catches A → B → A when no single module sits on a module-level cycle.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-root-barrel-inside-src',
      comment:
        'The root barrel src/index.ts is the package entry point for users; no module under src/ imports it ' +
        '(import the specific module instead), except the entry-point barrels of package subpaths (src/entry/*.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: ENTRY_BARRELS },
      to: { path: '^src/index\\.ts$' },
    },
  ],
  options: {
    // Only our sources: npm packages and node builtins (type-only or not) are no part of the layers.
    includeOnly: '^src/',
    exclude: { path: 'node_modules' },
    doNotFollow: { path: 'node_modules' },
    // The project imports with explicit `.ts` extensions (allowImportingTsExtensions); resolve through tsconfig.
    tsConfig: { fileName: 'tsconfig.json' },
    // `import type` and type-only re-exports count as dependencies too.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      conditionNames: ['import', 'types', 'node', 'default'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
