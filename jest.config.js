/** Jest: unit specs beside the code (libs/, apps/), integration suites in test/. */
const ESM_ONLY = '(asn1js|pkijs|bytestreamjs|@noble/hashes|@peculiar/utils)';

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    // Type checking is done once by `npm run typecheck`; ts-jest only transpiles here.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }],
    // ESM-only packages (AS2's CMS: pkijs, asn1js and their dependencies) become CommonJS for Jest.
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: '<rootDir>/scripts/jest-esm-transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  moduleNameMapper: {
    '^@tradewire/([a-z0-9-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
