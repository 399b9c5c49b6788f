// Builds the browser parts into dist/web: the customer widget (one IIFE script, Preact), the agent
// workspace and the admin console (React single-page apps), and the demo site. `npm start` and
// `npm test` run it first; it takes a few seconds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'src/web');
const out = path.join(root, 'dist/web');
const quiet = { logLevel: 'warn', configFile: false };

// The widget: a single self-contained script a business adds with one <script> tag.
await build({
  ...quiet,
  root: web,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(out, 'widget'),
    emptyOutDir: true,
    lib: { entry: path.join(web, 'widget/main.tsx'), name: 'ParleyWidget', formats: ['iife'], fileName: () => 'widget.js' },
    minify: true,
    target: 'es2020',
  },
});

// The pages: demo site (/), agent workspace (/agent/), admin console (/admin/).
for (const [name, base] of [['demo', '/'], ['workspace', '/agent/'], ['console', '/admin/']]) {
  await build({
    ...quiet,
    root: path.join(web, name),
    base,
    build: { outDir: path.join(out, name), emptyOutDir: true, target: 'es2020' },
  });
}
