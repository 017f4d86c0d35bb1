import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The console builds to `dist/`, which the reference stack serves (`CLAWFORCE_CONSOLE_DIR`
 * defaults to `examples/reference-stack/console/dist`). In development, `npm run dev` proxies the
 * API and the public twin pages to a local stack on port 8099.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Read by scripts/bundle-size.ts to know which chunks the first load fetches.
    manifest: true,
    target: 'es2022',
    // The initial load stays small: screens and the chart library are separate chunks.
    chunkSizeWarningLimit: 150,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8099',
      '/twin': 'http://localhost:8099',
    },
  },
});
