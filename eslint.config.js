// Lint rules: type-aware typescript-eslint, plus a guard that folders import
// each other only through their index.ts (see STYLE.md, "Layout shows the architecture").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.modelmill/', 'coverage/', 'bench/.work/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/require-await': 'off',
      // Aborted waits reject with AbortSignal.reason, which is whatever the aborter chose.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Another folder's internals: import its index.ts instead.
              regex:
                '^\\.\\./(?:\\.\\./)*(?:core|asl|engine|runtime|ml|pipelines|resources|server|cli|store|clients|quality|instance)/(?!index\\.js$)',
              message: 'Import another folder through its index.js, not its internals.',
            },
            {
              regex: '^\\.\\./(?:\\.\\./)*services/[^/]+/(?!index\\.js$)',
              message: 'Import a service through its index.js, not its internals.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      // Plain JavaScript here runs on Node.
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
