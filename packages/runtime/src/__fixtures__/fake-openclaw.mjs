// A stand-in for the `openclaw agent --local ... --json` CLI contract of OpenClaw 2026.3.24, for
// fast unit tests of the runner's mechanics (the real thing runs in *.integration.test.ts):
// it appends the turn to the session transcript like OpenClaw does and prints the JSON result on
// stderr. Messages steer it: "sleep <ms>", "crash" (SIGKILL itself), "garbage" (no result).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => args[args.indexOf(name) + 1];
if (args[0] !== 'agent' || !args.includes('--local')) {
  process.stderr.write(`fake openclaw: unsupported command ${args.join(' ')}\n`);
  process.exit(2);
}
const sessionId = option('--session-id');
const message = option('--message');
const config = JSON.parse(readFileSync(process.env.OPENCLAW_CONFIG_PATH, 'utf8'));
const [provider, model] = config.agents.defaults.model.primary.split('/');
const sessions = join(process.env.OPENCLAW_STATE_DIR, 'agents', 'main', 'sessions');
mkdirSync(sessions, { recursive: true });
const transcript = join(sessions, `${sessionId}.jsonl`);
const write = (entry) => appendFileSync(transcript, `${JSON.stringify(entry)}\n`);
if (!existsSync(transcript))
  write({ type: 'session', version: 3, id: sessionId, cwd: process.cwd() });
const history = readFileSync(transcript, 'utf8')
  .split('\n')
  .filter((line) => line.includes('"role":"user"')).length;
write({ type: 'message', message: { role: 'user', content: [{ type: 'text', text: message }] } });

const sleep = /^sleep (\d+)$/.exec(message);
if (sleep) await new Promise((resolve) => setTimeout(resolve, Number(sleep[1])));
if (message === 'crash') process.kill(process.pid, 'SIGKILL');
if (message === 'garbage') {
  process.stderr.write('something went wrong\n');
  process.exit(1);
}
const text = `echo(${history}): ${message} [cwd ${process.cwd() === config.agents.defaults.workspace ? 'workspace' : 'elsewhere'}]`;
write({
  type: 'message',
  message: {
    role: 'assistant',
    content: [{ type: 'text', text }],
    provider,
    model,
    usage: { input: message.length * 10, output: text.length, cacheRead: 0, cacheWrite: 0 },
    stopReason: 'stop',
  },
});
process.stderr.write('[agent] a log line before the result\n');
process.stderr.write(
  `${JSON.stringify({ payloads: [{ text, mediaUrl: null }], meta: { durationMs: 1 } }, null, 2)}\n`,
);
