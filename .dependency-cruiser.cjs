// The layers, checked by `npm run boundaries` (part of `npm test`). docs/ARCHITECTURE.md
// explains them; a rule broken here is a design question before it is a lint question.
//
// What the township may use from the rest of src/: the shared infrastructure below, and
// nothing else (it is built to dist/township and never shipped in the kiosk app).
const TOWNSHIP_SHARED = [
  '^src/protocol/', // the wire formats both sides speak
  '^src/log/', // structured logs
  '^src/config/layered\\.ts$', // defaults < file < environment, validated by zod
  '^src/db/(open|statement-cache)\\.ts$', // SQLite: open/migrate, prepared-statement cache
  '^src/db/migrations/types\\.ts$', // the migration shape
  '^src/app-paths\\.ts$', // where the app folder is
  '^src/cli/lifecycle\\.ts$', // run until SIGINT/SIGTERM
  '^src/content/sample-dates\\.ts$', // moving the shipped sample content to "now"
  '^src/shared/', // small helpers both servers use (problems, hashing, passwords, URLs)
  '^src/files/private\\.ts$', // file modes for private data (0600/0700), kept by both servers
];

module.exports = {
  forbidden: [
    {
      name: 'renderer-only-contract-and-protocol',
      comment:
        'The renderer is a browser page: it may import its own files, npm packages, src/contract (the typed RPC) and src/protocol (shared wire types), nothing else of the runtime.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { pathNot: ['^renderer/', '^src/contract/', '^src/protocol/', '(^|/)node_modules/'] },
    },
    {
      name: 'renderer-no-node-builtins',
      comment: 'The renderer has no Node: no node:fs, node:crypto, ... in the page.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-stays-declarative',
      comment: 'src/contract and src/protocol are read by the renderer and the township: they import only each other and npm packages (zod).',
      severity: 'error',
      from: { path: '^src/(contract|protocol)/' },
      to: { pathNot: ['^src/contract/', '^src/protocol/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'kiosk-runtime-no-electron',
      comment:
        'The kiosk runtime is plain Node and runs without Electron (npm run serve, the tests). Only src/cli/start.ts asks the electron package for the binary path, and only main/ (the shell) uses its API.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/start\\.ts$'] },
      to: { path: ['(^|/)node_modules/electron/', '^electron$'] },
    },
    {
      name: 'kiosk-runtime-not-the-shell',
      comment: 'src/ never imports main/ (the Electron shell sits on top of the runtime, not under it).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^main/' },
    },
    {
      name: 'kiosk-runtime-no-township',
      comment: 'The kiosk talks to the township over HTTP (src/protocol), never by importing it; src/township is not shipped in the kiosk app.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/township/', '^src/demo/'] },
      to: { path: ['^src/township/', '^src/demo/'] },
    },
    {
      name: 'kiosk-only-production-dependencies',
      comment:
        'The kiosk app ships package.json "dependencies" and no devDependencies (electron-builder packs production node_modules only), so kiosk code importing a devDependency would crash in the installed app. The township\'s own packages (exceljs, pdfkit, pg) are devDependencies for that reason: the township runs from a checkout, never from the kiosk package. Allowed: electron (Electron provides it) and src/cli/start.ts, the launcher used from a checkout.',
      severity: 'error',
      from: { path: ['^src/', '^main/'], pathNot: ['^src/township/', '^src/demo/', '^src/cli/start\\.ts$'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: ['(^|/)node_modules/electron/', '^electron$'] },
    },
    {
      name: 'township-only-protocol-and-shared',
      comment: `The township server imports only src/protocol and the shared infrastructure it declares in .dependency-cruiser.cjs (${TOWNSHIP_SHARED.join(' ')}).`,
      severity: 'error',
      from: { path: '^src/township/' },
      to: { pathNot: ['^src/township/', ...TOWNSHIP_SHARED, '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other in one direction: move the shared piece to where it belongs, or pass it in.',
      severity: 'error',
      scope: 'folder',
      // TEMPORARY: src/printing <-> src/devices/printer is removed by the branch that moves
      // the printer into src/devices/printer/; once src/printing is gone these two pathNot
      // lines match nothing and can be deleted.
      from: { pathNot: '^src/printing$' },
      to: { circular: true, pathNot: '^src/printing$' },
    },
    {
      name: 'no-module-cycles',
      comment: 'A cycle through a type-only import is harmless at run time and is allowed between two files; any other is not.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: ['^dist/', '^release/', '^coverage/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
