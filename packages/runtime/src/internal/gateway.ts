import { randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { RuntimeError } from '../errors.js';
import type { InstanceDirectories } from './instance.js';
import { writeFileAtomic } from './instance.js';
import { OPENCLAW_SESSION_NAME, type OpenClawConfig, TENANT_AGENT_ID } from './openclaw-config.js';
import type { OpenClawInstallation } from './provisioning.js';
import {
  processGroupResidentBytes,
  type SpawnedOpenClaw,
  spawnOpenClaw,
  stopProcess,
  tail,
} from './spawn.js';
import { readEventData } from './sse.js';

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The conversation names of a gateway's throwaway warm-up turns. */
export function warmUpConversations(turns: number, prefix = 'clawforce-warmup'): string[] {
  return Array.from({ length: turns }, (_, turn) => `${prefix}-${turn}`);
}

export function newGatewayToken(): string {
  return randomBytes(24).toString('base64url');
}

export type ConfigApplyResult = 'unchanged' | 'applied' | 'restart-required';

export interface GatewayStartOptions {
  readonly installation: OpenClawInstallation;
  readonly directories: InstanceDirectories;
  /** The OpenClaw environment; the gateway token is added to it. */
  readonly env: Record<string, string>;
  /** Called with the port to use: the complete config for this gateway. */
  readonly config: (port: number) => OpenClawConfig;
  readonly token: string;
  readonly startTimeoutMs: number;
}

export interface ChatOptions {
  readonly message: string;
  readonly agentId?: string;
  readonly model?: string;
  readonly user?: string;
  readonly onText?: (delta: string) => void;
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

// Log lines OpenClaw's config reloader writes once it has acted on a changed config file.
const RELOAD_DONE = /config change applied|config hot reload applied/;
const RELOAD_NEEDS_RESTART = /config reload requires gateway restart/;
const RELOAD_REFUSED = /config reload skipped|config reload failed/;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One `openclaw gateway run` on a loopback port with token auth and the chat-completions endpoint:
 * the warm-mode OpenClaw of one tenant session (or a spare waiting for one).
 */
export class Gateway {
  readonly port: number;
  readonly directories: InstanceDirectories;
  readonly startedAt = Date.now();
  readonly #token: string;
  readonly #process: SpawnedOpenClaw;
  #configText: string;
  #exited = false;
  #lastChatEndedAt = 0;

  private constructor(
    port: number,
    token: string,
    directories: InstanceDirectories,
    spawned: SpawnedOpenClaw,
    configText: string,
  ) {
    this.port = port;
    this.#token = token;
    this.directories = directories;
    this.#process = spawned;
    this.#configText = configText;
    void spawned.exited.then(() => {
      this.#exited = true;
    });
  }

  static async start(options: GatewayStartOptions): Promise<Gateway> {
    let lastError: unknown;
    // A port found free can be taken by someone else before OpenClaw binds it: try again once.
    for (let attempt = 0; attempt < 2; attempt++) {
      const port = await findFreePort();
      const configText = `${JSON.stringify(options.config(port), null, 2)}\n`;
      await writeFileAtomic(options.directories.configPath, configText, options.directories.osUser);
      const spawned = spawnOpenClaw(options.installation, ['gateway', 'run'], {
        cwd: options.directories.workspace,
        env: { ...options.env, OPENCLAW_GATEWAY_TOKEN: options.token },
        ...(options.directories.osUser ? { user: options.directories.osUser } : {}),
      });
      const gateway = new Gateway(port, options.token, options.directories, spawned, configText);
      try {
        await gateway.#waitUntilReady(options.startTimeoutMs);
        return gateway;
      } catch (error) {
        lastError = error;
        await gateway.stop(2_000);
        if (!/EADDRINUSE|address already in use/i.test(String((error as Error).message))) break;
      }
    }
    throw lastError;
  }

  get pid(): number | undefined {
    return this.#process.child.pid;
  }

  get alive(): boolean {
    return !this.#exited;
  }

  /**
   * Milliseconds since the last chat turn ended (Infinity when there was none). OpenClaw rewrites
   * its session index shortly after a turn, from what it read before: edits to the index must
   * wait for that.
   */
  get msSinceLastChat(): number {
    return this.#lastChatEndedAt === 0
      ? Number.POSITIVE_INFINITY
      : performance.now() - this.#lastChatEndedAt;
  }

  /** Resolves when the process has exited, for whatever reason. */
  get exited(): Promise<unknown> {
    return this.#process.exited;
  }

  async #waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.#exited) {
        const { stdout, stderr } = this.#process.output();
        throw new RuntimeError(
          'openclaw_start_failed',
          `OpenClaw's gateway exited during start-up: ${tail(`${stdout}\n${stderr}`)}`,
          { retryable: true },
        );
      }
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}/v1/models`, {
          headers: { authorization: `Bearer ${this.#token}` },
          signal: AbortSignal.timeout(2_000),
        });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await delay(50);
    }
    throw new RuntimeError(
      'openclaw_start_failed',
      `OpenClaw's gateway did not become ready within ${Math.round(timeoutMs / 1000)} s: ${tail(this.#process.output().stdout)}`,
      { retryable: true },
    );
  }

  /**
   * Writes a new config and waits until OpenClaw has applied it (its reloader logs when it has).
   * Changes that OpenClaw can only apply with a restart are reported, not applied.
   */
  async applyConfig(config: OpenClawConfig, timeoutMs = 10_000): Promise<ConfigApplyResult> {
    const text = `${JSON.stringify(config, null, 2)}\n`;
    if (text === this.#configText) return 'unchanged';
    const logFile = this.directories.logFile;
    let offset = 0;
    try {
      offset = (await stat(logFile)).size;
    } catch {
      offset = 0;
    }
    await writeFileAtomic(this.directories.configPath, text, this.directories.osUser);
    this.#configText = text;
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.#exited) break;
      const written = await readFrom(logFile, offset);
      if (RELOAD_DONE.test(written)) return 'applied';
      if (RELOAD_NEEDS_RESTART.test(written)) return 'restart-required';
      if (RELOAD_REFUSED.test(written)) {
        const line = written.split('\n').find((entry) => RELOAD_REFUSED.test(entry)) ?? '';
        throw new RuntimeError(
          'openclaw_failed',
          `OpenClaw refused the new config: ${tail(line, 600)}`,
        );
      }
      await delay(10);
    }
    throw new RuntimeError(
      'openclaw_failed',
      this.#exited
        ? 'OpenClaw exited while applying a new config.'
        : `OpenClaw did not apply the new config within ${Math.round(timeoutMs / 1000)} s.`,
      { retryable: true },
    );
  }

  /** One streamed chat turn over the chat-completions endpoint. Returns the whole reply text. */
  async chat(options: ChatOptions): Promise<string> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let text = '';
    try {
      const response = await fetch(`http://127.0.0.1:${this.port}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.#token}`,
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(options.model ? { 'x-openclaw-model': options.model } : {}),
        },
        body: JSON.stringify({
          model: `openclaw/${options.agentId ?? TENANT_AGENT_ID}`,
          user: options.user ?? OPENCLAW_SESSION_NAME,
          stream: true,
          messages: [{ role: 'user', content: options.message }],
        }),
        signal,
      });
      if (!response.ok || !response.body) {
        const body = await response.text().catch(() => '');
        throw new RuntimeError(
          'openclaw_failed',
          `OpenClaw answered HTTP ${response.status}: ${tail(body, 400)}`,
          { retryable: response.status >= 500, details: { status: response.status } },
        );
      }
      for await (const data of readEventData(response.body)) {
        if (data === '[DONE]') break;
        let event: { choices?: { delta?: { content?: unknown } }[]; error?: { message?: unknown } };
        try {
          event = JSON.parse(data);
        } catch {
          continue;
        }
        if (event.error) {
          throw new RuntimeError(
            'openclaw_failed',
            `OpenClaw reported an error: ${String(event.error.message ?? 'unknown')}`,
          );
        }
        const delta = event.choices?.[0]?.delta?.content;
        if (typeof delta === 'string' && delta.length > 0) {
          text += delta;
          options.onText?.(delta);
        }
      }
      return text;
    } catch (error) {
      if (error instanceof RuntimeError) throw error;
      if (timeout.aborted) {
        throw new RuntimeError(
          'openclaw_timeout',
          `The turn took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped.`,
          { retryable: true },
        );
      }
      if (options.signal?.aborted) {
        throw new RuntimeError('openclaw_failed', 'The turn was cancelled.', { retryable: true });
      }
      // The connection broke: find out whether the process died under us.
      await Promise.race([this.#process.exited, delay(1_000)]);
      if (this.#exited) {
        throw new RuntimeError(
          'openclaw_crashed',
          'The OpenClaw process died during the turn; the turn is lost. Send the message again: a fresh process will answer.',
          { retryable: true, cause: error },
        );
      }
      throw new RuntimeError(
        'openclaw_failed',
        `The connection to OpenClaw failed: ${String(error)}`,
        {
          retryable: true,
          cause: error,
        },
      );
    } finally {
      this.#lastChatEndedAt = performance.now();
    }
  }

  /**
   * Runs one throwaway turn per conversation name, on the tenant agent (or another) with the
   * given model, which must cost nothing, so that the next turn finds OpenClaw's code (and, on
   * the tenant agent, the agent's prompt) warm.
   */
  async warmUp(
    conversations: readonly string[],
    model: string,
    agentId = TENANT_AGENT_ID,
  ): Promise<void> {
    for (const user of conversations) {
      await this.chat({ message: 'hello', model, agentId, user, timeoutMs: 60_000 });
    }
  }

  /** Resident memory of the gateway's processes in bytes (Linux), for the numbers. */
  async residentBytes(): Promise<number | undefined> {
    return this.pid === undefined ? undefined : processGroupResidentBytes(this.pid);
  }

  /** SIGTERM (OpenClaw finishes writing its state), SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    await stopProcess(this.#process, graceMs);
  }

  /** Immediate SIGKILL of the process group (tests use this to simulate a crash). */
  kill(): void {
    if (this.pid !== undefined) {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

async function readFrom(path: string, offset: number): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size <= offset) return '';
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}
