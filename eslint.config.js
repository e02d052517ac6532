// Layering is enforced here, not by good intentions: the engine in core/ runs
// headless and must never pull in the desktop shell or the UI.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-output/**', 'renderer/dist/**', 'electron/dist/**'] },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', '**/electron/**'], message: 'the UI talks to the desktop shell only through the transport.' },
            { regex: '(^|/)core/(?!api/contract\\.ts$)', message: 'the UI sees the engine only through core/api/contract.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    // Type-aware: each file is checked with the tsconfig.json nearest to it (core/test, renderer/, electron/).
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // A promise nobody awaits or handles is a crash waiting for its first failed write (DESIGN.md).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    // The desktop shell wraps the engine and serves the UI's files; it never reaches into the UI's code,
    // and never uses the remote module (DESIGN.md: what to avoid).
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', '**/renderer'], message: 'electron/ talks to the UI only through the IPC bridge.' },
            { group: ['@electron/remote', '@electron/remote/*'], message: 'no @electron/remote: the renderer gets the contract over IPC and nothing else.' },
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core/ runs headless: no Electron here.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'core/ has no UI: no React here.' },
            { group: ['**/renderer/**', '**/renderer'], message: 'core/ must not import the UI (renderer/).' },
            { group: ['**/electron/**'], message: 'core/ must not import the desktop shell (electron/).' },
          ],
        },
      ],
    },
  },
);
