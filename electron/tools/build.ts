// Builds the desktop shell for Electron, whose Node cannot run TypeScript:
// - electron/dist/main.js: the main process and the whole engine (core/),
//   one ES module; the npm dependencies stay outside (loaded from node_modules,
//   better-sqlite3's binary from app.asar.unpacked).
// - electron/dist/preload.cjs: the preload, one CommonJS file with nothing
//   outside but 'electron', as a sandboxed preload must be.
// Run with `npm run build:electron` (Node 24 runs this file as it is).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = 'electron/dist';
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const dependencies = Object.keys(pkg.dependencies);
const builtins = new Set(builtinModules);

/** Electron, Node's own modules and the npm dependencies are loaded at run time, not bundled. */
function isExternal(id: string): boolean {
  if (id === 'electron' || id.startsWith('node:') || builtins.has(id)) return true;
  return dependencies.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * The engine finds its files relative to its own modules (package.json,
 * resources/dns-guides/…). Bundled, every module of core/ keeps the address of
 * its source file, so those paths resolve in the app folder as they do in the
 * repository.
 */
function sourceImportMetaUrl(): Plugin {
  const core = join(root, 'core') + sep;
  return {
    name: 'mx-standby:source-import-meta-url',
    transform(code, id) {
      if (!id.startsWith(core) || !code.includes('import.meta.url')) return null;
      const fromBundle = relative(join(root, outDir), id).split(sep).join('/');
      return { code: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), map: null };
    },
  };
}

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [sourceImportMetaUrl()],
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: true,
    copyPublicDir: false,
    rolldownOptions: {
      input: { main: 'electron/main.ts' },
      external: isExternal,
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: false,
    target: 'chrome130',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rolldownOptions: { external: ['electron'] },
  },
});

process.stdout.write(`Built ${outDir}/main.js and ${outDir}/preload.cjs\n`);
