import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningStack, startLocalStack } from '../../../src/serve.js';

/** The password every demo account gets in the end-to-end run. */
export const DEMO_PASSWORD = 'console-e2e-password';

export interface TestStack {
  readonly url: string;
  readonly dataDir: string;
  /** Whether the stack runs real agents (OpenClaw installed and ready), read from `/readyz`. */
  readonly runtimeAvailable: boolean;
  readonly runtimeDetail: string | undefined;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The reference stack exactly as `npm start` runs it (SQLite and blobs in a temporary data dir,
 * real OpenClaw with the offline model when installed, the demo company), serving the console
 * build from `consoleDir`, on a free port.
 */
export async function startTestStack(consoleDir: string): Promise<TestStack> {
  const directory = await mkdtemp(join(tmpdir(), 'clawforce-console-e2e-'));
  const port = await freePort();
  const dataDir = join(directory, 'data');
  let stack: RunningStack;
  try {
    stack = await startLocalStack(
      {
        PORT: String(port),
        CLAWFORCE_DATA_DIR: dataDir,
        CLAWFORCE_CONSOLE_DIR: consoleDir,
        ADMIN_PASSWORD: DEMO_PASSWORD,
        TELEGRAM_BOT_USERNAME: 'acme_clawforce_bot',
        DISCORD_APPLICATION_ID: '123456789012345678',
        FEISHU_APP_ID: 'cli_a1b2c3d4e5f6',
        CLAWFORCE_SPARE_GATEWAYS: '1',
        CLAWFORCE_MAX_SESSIONS: '6',
        CLAWFORCE_IDLE_TIMEOUT_SECONDS: '300',
      },
      () => {},
      () => {},
    );
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const readiness = (await (await fetch(`${stack.url}/readyz`)).json()) as {
    runtime: { ready: boolean; detail?: string };
  };
  return {
    url: stack.url,
    dataDir,
    runtimeAvailable: readiness.runtime.ready,
    runtimeDetail: readiness.runtime.detail,
    async stop() {
      await stack.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
