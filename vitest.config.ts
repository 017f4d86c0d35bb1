import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `source` export condition, so the
// whole suite runs without a build step. Vitest's default server conditions include `module`, which
// sends packages such as the AWS SDK to their bundler-only builds: Node's own conditions are used instead.
const serverConditions = defaultServerConditions.filter((condition) => condition !== 'module');

export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: {
    resolve: {
      conditions: ['source', ...serverConditions],
      externalConditions: ['source', ...serverConditions],
    },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'examples/*/infra/{src,test}/**/*.test.ts',
      'examples/*/console/{src,test}/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
