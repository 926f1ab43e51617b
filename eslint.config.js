// Lint: neostandard (as Fastify's own repositories use it), TypeScript included. Its style rules are off: the code
// keeps the formatting it has (trailing commas, no space before a function's parentheses), and lint is about
// mistakes. `npm test` runs it before the tests.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    noStyle: true,
    ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'bench/data/**', 'scratch/**', 'test-results/**'],
  }),
  {
    files: ['**/*.ts'],
    rules: {
      // `void expression` returns undefined on purpose (an arrow that must not return its push's count, a promise
      // left running).
      'no-void': 'off',
      // Destructuring to leave a field out (`const { _links, ...rest } = body`) is how a copy drops a key.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      // Database rows keep their column names (`key_hash`).
      camelcase: ['error', { properties: 'never', ignoreDestructuring: true }],
    },
  },
]
