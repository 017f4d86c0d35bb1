import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_MARKER, type OfflineModel, startOfflineModel } from './index.js';

interface RecordedChat {
  model: string;
  stream: boolean;
  messages: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  tools: { type: string; function: { name: string } }[];
}

// Real requests OpenClaw 2026.3.24 sent (scripts/record-fixtures.ts): Carol's shell is refused by
// OpenClaw's config (requests 0-4), Ryan's runs (requests 5-9).
const recorded = JSON.parse(
  readFileSync(new URL('../__fixtures__/openclaw-chat-requests.json', import.meta.url), 'utf8'),
) as RecordedChat[];
const request = (index: number): RecordedChat => {
  const found = recorded[index];
  if (!found) throw new Error(`fixture request ${index} missing`);
  return found;
};

let model: OfflineModel;
beforeAll(async () => {
  model = await startOfflineModel();
});
afterAll(async () => {
  await model.close();
});

async function complete(body: unknown): Promise<{
  status: number;
  json: {
    choices: {
      message: {
        content: string | null;
        tool_calls?: { function: { name: string; arguments: string } }[];
      };
      finish_reason: string;
    }[];
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    error?: { message: string };
  };
}> {
  const response = await fetch(`${model.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify({ ...(body as object), stream: false }),
  });
  return { status: response.status, json: (await response.json()) as never };
}

describe('offline model', () => {
  it('introduces itself with the identity, position and knowledge OpenClaw injected', async () => {
    const { status, json } = await complete(request(0));
    expect(status).toBe(200);
    const text = json.choices[0]?.message.content ?? '';
    expect(text.startsWith(OFFLINE_MARKER)).toBe(true);
    expect(text).toContain('Carol Chen');
    expect(text).toContain('Finance Analyst');
    expect(text).toContain('ACME Corp');
    expect(text).toContain('finance/expense-policy.md');
    expect(json.usage.prompt_tokens).toBeGreaterThan(1_000);
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
  });

  it('turns "run git status" into a real exec tool call when OpenClaw offers exec', async () => {
    const chat = request(1);
    expect(chat.tools.map((tool) => tool.function.name)).toContain('exec');
    const { json } = await complete(chat);
    const choice = json.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.tool_calls?.[0]?.function.name).toBe('exec');
    expect(JSON.parse(choice?.message.tool_calls?.[0]?.function.arguments ?? '{}')).toEqual({
      command: 'git status',
    });
  });

  it('says OpenClaw refused the call when the tool result is a refusal', async () => {
    const { json } = await complete(request(2));
    const text = json.choices[0]?.message.content ?? '';
    expect(text).toContain(OFFLINE_MARKER);
    expect(text).toContain('OpenClaw refused to run `git status`');
    expect(text).toContain('exec denied');
  });

  it('shows the output when OpenClaw ran the command', async () => {
    const { json } = await complete(request(7));
    const text = json.choices[0]?.message.content ?? '';
    expect(text).toContain('I ran `git status`');
    expect(text).toContain('not a git repository');
    expect(text).not.toContain('refused');
  });

  it('declines to run a command when exec is not offered at all', async () => {
    const chat = request(1);
    const { json } = await complete({
      ...chat,
      tools: chat.tools.filter((tool) => tool.function.name !== 'exec'),
    });
    const text = json.choices[0]?.message.content ?? '';
    expect(json.choices[0]?.finish_reason).toBe('stop');
    expect(text).toContain('cannot run `git status`');
    expect(text).toContain('not available');
  });

  it('writes "remember ..." into MEMORY.md with the write tool, keeping what was there', async () => {
    const chat = request(3);
    const { json } = await complete(chat);
    const call = json.choices[0]?.message.tool_calls?.[0];
    expect(call?.function.name).toBe('write');
    const args = JSON.parse(call?.function.arguments ?? '{}') as { path: string; content: string };
    expect(args.path).toMatch(/\/workspace\/MEMORY\.md$/);
    expect(args.content).toContain('- quarterly close is on the 5th');
  });

  it('recalls the memory the prompt carries', async () => {
    const chat = request(0);
    const system = chat.messages[0];
    const withMemory = {
      ...chat,
      messages: [
        {
          role: 'system',
          content: String(system?.content).replace(
            '## Silent Replies',
            '## /tmp/ws/MEMORY.md\n# Memory\n- Carol prefers tea\n## Silent Replies',
          ),
        },
        { role: 'user', content: 'What do you remember?' },
      ],
    };
    const { json } = await complete(withMemory);
    expect(json.choices[0]?.message.content).toContain('Carol prefers tea');
  });

  it('answers the same request the same way every time', async () => {
    const first = await complete(request(6));
    const second = await complete(request(6));
    expect(second.json.choices).toEqual(first.json.choices);
  });

  it('streams text as chat-completion chunks ending with usage and [DONE]', async () => {
    const response = await fetch(`${model.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request(0), stream: true }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.startsWith('data: '))
      .map((block) => block.slice('data: '.length));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    expect(chunks.length).toBeGreaterThan(2);
    const text = chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('');
    expect(text).toContain('Carol Chen');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1).usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('streams a tool call as one chunk with finish_reason tool_calls', async () => {
    const response = await fetch(`${model.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request(6), stream: true }),
    });
    const chunks = (await response.text())
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map((block) => JSON.parse(block.slice('data: '.length)));
    expect(chunks[0].choices[0].delta.tool_calls[0].function.name).toBe('exec');
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('records what it was sent', async () => {
    model.clearRequests();
    await complete(request(0));
    const [seen] = model.requests();
    expect(seen?.systemPrompt).toContain('IDENTITY.md');
    expect(seen?.tools).toContain('exec');
    expect(seen?.reply.kind).toBe('text');
  });

  it('lists its model and rejects what it does not understand', async () => {
    const models = (await (await fetch(`${model.baseUrl}/models`)).json()) as {
      data: { id: string }[];
    };
    expect(models.data[0]?.id).toBe('clawforce-offline');
    expect((await complete('{not json')).status).toBe(400);
    expect((await complete({ messages: 'nope' })).status).toBe(400);
    expect((await complete({ messages: [{ content: 'no role' }] })).status).toBe(400);
    const missing = await fetch(`${model.baseUrl.replace(/\/v1$/, '')}/v2/anything`);
    expect(missing.status).toBe(404);
  });

  it('waits latencyMs before answering, for every request or as the request decides', async () => {
    const slow = await startOfflineModel({ latencyMs: 150 });
    const choosy = await startOfflineModel({
      latencyMs: (chat) => (JSON.stringify(chat.messages).includes('slowly') ? 150 : 0),
    });
    const timed = async (baseUrl: string, content: string) => {
      const started = performance.now();
      await fetch(`${baseUrl}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content }] }),
      });
      return performance.now() - started;
    };
    try {
      expect(await timed(slow.baseUrl, 'hi')).toBeGreaterThanOrEqual(140);
      expect(await timed(choosy.baseUrl, 'answer slowly')).toBeGreaterThanOrEqual(140);
      expect(await timed(choosy.baseUrl, 'hi')).toBeLessThan(140);
    } finally {
      await slow.close();
      await choosy.close();
    }
  });

  it('says so when no identity reached it', async () => {
    const { json } = await complete({ messages: [{ role: 'user', content: 'hello' }] });
    expect(json.choices[0]?.message.content).toContain('no IDENTITY.md');
  });
});
