import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'offline-model/index': 'src/offline-model/index.ts',
    'agentcore/index': 'src/agentcore/index.ts',
    'agentcore/main': 'src/agentcore/main.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
});
