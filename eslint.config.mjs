// Lint, and the layer rule of DESIGN.md as import restrictions: imports point down.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PROVIDER_ROOTS = ['aws', 'azurerm', 'google', 'google-beta', 'kubernetes', 'random'].map((p) => ({
  name: `@cdktf/provider-${p}`,
  message: 'import provider classes by deep path (@cdktf/provider-x/lib/<resource>): the package root costs seconds and gigabytes.',
}));
const group = (patterns, message) => ({ group: patterns, message });
const NO_TOOLS = group(['**/tools', '**/tools/**'], 'nothing imports tools/: the review, bench and fixtures sit on top of the product.');
const NO_STACKS = group(
  ['**/stacks', '**/stacks/**', '**/main'],
  'constructs never import stacks/ or main: stacks render constructs, not the other way.',
);
const NO_CDKTF = group(
  ['cdktf', 'cdktf/**', 'constructs', '@cdktf/**'],
  'model/ and analysis/ are pure: no cdktf, constructs or provider import.',
);
// The rendering half of a cluster kind (constructs/kinds/<kind>/place.ts and the tables
// that hold those); the pure half (kind.ts, registry.ts, edge-hub-clouds.ts,
// <kind>/model.ts, <kind>/facts.ts, <kind>/alarms.ts) is as pure as analysis/ and may be imported by it.
const KIND_RENDERING = [
  '**/kinds/placement',
  '**/kinds/placements',
  '**/kinds/edge-hubs',
  '**/kinds/index',
  '**/place',
  '**/kinds/*/place',
];
const CONSTRUCT_FOLDERS = ['**/aws/**', '**/azure/**', '**/gcp/**', '**/kafka/**', '**/patterns/**', '**/policy/**', '**/rendered-file'];
const NO_UPPER_CONSTRUCTS = group(
  [...CONSTRUCT_FOLDERS, '**/edge/**', ...KIND_RENDERING],
  'model/ and analysis/ import only model/, analysis/ and the pure half of the kinds (kinds/registry, kinds/<kind>/model).',
);
// constructs/edge/ by file: the pure kind parts live beside kinds/edge/model.ts, which the pattern '**/edge/**' would also catch.
const NO_UPPER_FROM_KINDS = group(
  [
    ...CONSTRUCT_FOLDERS,
    '**/edge/edge-site',
    '**/edge/hub',
    '**/edge/site-manifests',
    '**/edge/strimzi',
    '**/edge/yaml',
    ...KIND_RENDERING,
  ],
  'the pure half of a kind (kind.ts, registry.ts, <kind>/model.ts, <kind>/facts.ts, <kind>/alarms.ts) imports only model/, analysis/ and other pure kind parts.',
);
const PURE_KIND_FILES = [
  'constructs/kinds/kind.ts',
  'constructs/kinds/registry.ts',
  'constructs/kinds/edge-hub-clouds.ts',
  'constructs/kinds/*/model.ts',
  'constructs/kinds/*/facts.ts',
  'constructs/kinds/*/alarms.ts',
];
const restrict = (...patterns) => ['error', { paths: PROVIDER_ROOTS, patterns }];

export default tseslint.config(
  { ignores: ['dist/**', 'cdktf.out/**', 'node_modules/**', 'coverage/**', '.stryker-tmp/**', 'reports/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict(NO_TOOLS),
    },
  },
  { files: ['constructs/**/*.ts'], rules: { 'no-restricted-imports': restrict(NO_TOOLS, NO_STACKS) } },
  {
    files: ['constructs/model/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        NO_TOOLS,
        NO_STACKS,
        NO_CDKTF,
        NO_UPPER_CONSTRUCTS,
        group(['**/analysis', '**/analysis/**'], 'model/ is the bottom layer: it does not import analysis/.'),
      ),
    },
  },
  {
    files: ['constructs/analysis/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(NO_TOOLS, NO_STACKS, NO_CDKTF, NO_UPPER_CONSTRUCTS) },
  },
  {
    files: PURE_KIND_FILES,
    rules: { 'no-restricted-imports': restrict(NO_TOOLS, NO_STACKS, NO_CDKTF, NO_UPPER_FROM_KINDS) },
  },
  {
    files: ['constructs/edge/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        NO_TOOLS,
        NO_STACKS,
        group(
          ['**/aws/**', '**/azure/**', '**/gcp/**', '@cdktf/provider-aws/**', '@cdktf/provider-azurerm/**', '@cdktf/provider-google*/**'],
          'edge/ is what runs at a site: no cloud import.',
        ),
      ),
    },
  },
  { files: ['stacks/**/*.ts'], rules: { 'no-restricted-imports': restrict(NO_TOOLS) } },
  { files: ['tools/**/*.ts', 'test/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: PROVIDER_ROOTS }] } },
  // Tests poke at synthesized JSON and load modules fresh on purpose.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' } },
);
