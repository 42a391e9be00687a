// ESLint (flat config): bugs, not style. Formatting and naming are left to the author.
// `npm run lint` runs this with --max-warnings 0 inside `npm test`; `npx eslint --fix`
// applies every rule below that has a mechanical fix. The layer boundaries and folder
// cycles are checked separately by dependency-cruiser (.dependency-cruiser.cjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Imports that climb three or more folders (`../../../src/contract/x.js`) are written with
// the package.json "imports" subpaths instead: `#contract/*`, `#protocol/*`, `#src/*`, ...
const deepRelative = {
  group: ['../../../*', '../../../**'],
  message:
    'Climbing three folders up is hard to read and breaks when files move: use a package.json "imports" subpath (#contract/…, #protocol/…, #src/…, #main/…, #tests/…).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'coverage/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.kiosk-data/**',
      '.township-data/**',
      '.demo-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Real bugs: a promise nobody awaits or catches, or a promise where a boolean or a
      // void callback was expected (an event handler whose rejection is lost).
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off', // an async function without await is not a bug
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error', // has an autofix
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }], // autofix; verbatimModuleSyntax needs it
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      'no-restricted-imports': ['error', { patterns: [deepRelative] }],
      // Comma sequences and `ok ? a() : b()` are style; TypeScript already reports a comma
      // operand with no effect (TS2695).
      '@typescript-eslint/no-unused-expressions': 'off',
      // String(x) of an `unknown` in a generic escaper is deliberate; an object type is not.
      '@typescript-eslint/no-base-to-string': ['error', { checkUnknown: false }],
      // Playwright fixtures must destructure their first argument, even when it is `{}`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error', // autofix
    },
  },
  {
    // The runtime and the shell are compiled to dist/ and run by plain Node, which resolves
    // "#…" subpaths to the TypeScript sources: inside src/ and main/ import relatively.
    files: ['src/**/*.ts', 'main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepRelative,
            {
              regex: '^#',
              message:
                'src/ and main/ run from dist/ under plain Node, where "#…" subpaths point at the TypeScript sources: import relatively here.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON and log lines ad hoc; the assertions are the type check there.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Playwright loads the e2e specs and their helpers with its own TypeScript loader, which
    // does not map a "#…" subpath's .js to the .ts source: relative imports there.
    files: ['tests/e2e/**/*.ts', 'tests/support/**/*.ts', 'playwright.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^#', message: "Playwright's loader cannot resolve \"#…\" subpaths to TypeScript sources: import relatively in tests/e2e." }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Build scripts: plain JavaScript, no type information.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
