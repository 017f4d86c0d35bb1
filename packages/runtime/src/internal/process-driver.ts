import { RuntimeError } from '../errors.js';
import type { InstanceDirectories } from './instance.js';
import { OPENCLAW_SESSION_NAME } from './openclaw-config.js';
import type { OpenClawInstallation } from './provisioning.js';
import { signalGroup, spawnOpenClaw, tail } from './spawn.js';

export interface ProcessTurnOptions {
  readonly installation: OpenClawInstallation;
  readonly directories: InstanceDirectories;
  readonly env: Record<string, string>;
  readonly message: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called with the OpenClaw process id as soon as it runs. */
  readonly onSpawn?: (pid: number) => void;
}

export interface ProcessTurnOutput {
  readonly text: string;
}

interface AgentResult {
  payloads?: { text?: unknown }[];
  meta?: { aborted?: unknown; error?: unknown };
  error?: unknown;
}

/**
 * Finds the `--json` result in OpenClaw's output. 2026.3.24 prints it on stderr, later versions on
 * stdout; log lines may come before it.
 */
export function parseAgentResult(stdout: string, stderr: string): AgentResult | undefined {
  for (const stream of [stdout, stderr]) {
    const starts = [0];
    for (
      let index = stream.indexOf('\n{');
      index !== -1;
      index = stream.indexOf('\n{', index + 1)
    ) {
      starts.push(index + 1);
    }
    for (const start of starts) {
      if (stream[start] !== '{') continue;
      try {
        const parsed = JSON.parse(stream.slice(start)) as unknown;
        if (parsed && typeof parsed === 'object' && 'payloads' in parsed)
          return parsed as AgentResult;
      } catch {
        // not the result; try the next candidate
      }
    }
  }
  return undefined;
}

/** One turn as one `openclaw agent --local` process: the strongest isolation, paid with start-up. */
export async function runProcessTurn(options: ProcessTurnOptions): Promise<ProcessTurnOutput> {
  const timeoutSeconds = Math.max(1, Math.ceil(options.timeoutMs / 1000));
  const spawned = spawnOpenClaw(
    options.installation,
    [
      'agent',
      '--local',
      '--session-id',
      OPENCLAW_SESSION_NAME,
      '--message',
      options.message,
      '--json',
      '--timeout',
      String(timeoutSeconds),
    ],
    {
      cwd: options.directories.workspace,
      env: options.env,
      keepFullStdout: true,
      ...(options.directories.osUser ? { user: options.directories.osUser } : {}),
    },
  );
  if (spawned.child.pid !== undefined) options.onSpawn?.(spawned.child.pid);
  let timedOut = false;
  let aborted = false;
  // OpenClaw's own --timeout ends the agent run; this one is the backstop for a hung process.
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup(spawned.child, 'SIGKILL');
  }, options.timeoutMs + 10_000);
  const onAbort = () => {
    aborted = true;
    signalGroup(spawned.child, 'SIGKILL');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, signal } = await spawned.exited;
    const { stdout, stderr } = spawned.output();
    if (timedOut) {
      throw new RuntimeError(
        'openclaw_timeout',
        `The turn took longer than ${timeoutSeconds} s and was stopped.`,
        {
          retryable: true,
        },
      );
    }
    if (aborted) {
      throw new RuntimeError('openclaw_failed', 'The turn was cancelled.', { retryable: true });
    }
    if (signal) {
      throw new RuntimeError(
        'openclaw_crashed',
        `The OpenClaw process was killed (${signal}) during the turn; the turn is lost. Send the message again: a fresh process will answer.`,
        { retryable: true, details: { signal } },
      );
    }
    const result = parseAgentResult(stdout, stderr);
    if (!result) {
      throw new RuntimeError(
        'openclaw_failed',
        `OpenClaw exited with code ${code} without a result: ${tail(stderr || stdout)}`,
        { retryable: code !== 0, details: { exitCode: code } },
      );
    }
    const text = (result.payloads ?? [])
      .map((payload) => (typeof payload.text === 'string' ? payload.text : ''))
      .filter((part) => part.length > 0)
      .join('\n\n');
    return { text };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
