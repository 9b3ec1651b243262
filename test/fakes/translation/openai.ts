// An OpenAI-compatible chat-completions server (llama.cpp, Ollama, vLLM) as documented: POST
// /v1/chat/completions, the answer in choices[0].message.content, errors as {"error": {message, type}}.
// The text is the last user message; its language is told by its script (Han → zh), the target is the other.
import { type Accepted, detect, type FakeApi, other, type Reply } from './server.ts';

export const OPENAI_FAKE_MODEL = 'qwen2.5:7b-instruct';

const error = (status: number, message: string) => ({ error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error' } });
const bad = (message: string): Reply => ({ status: 400, body: error(400, message) });

export const openaiApi: FakeApi = {
  translatePath: '/v1/chat/completions',
  error,
  quota: {
    status: 429,
    body: { error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } },
  },
  authorize: (req, options) =>
    options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`
      ? { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } }
      : undefined,
  parse(req, options): Accepted | Reply {
    const body = req.data as { model?: unknown; messages?: unknown } | undefined;
    if (typeof body?.model !== 'string') return bad('you must provide a model parameter');
    if (options.model !== undefined && body.model !== options.model) return { status: 404, body: error(404, `model '${body.model}' not found`) };
    const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
    const user = messages.findLast((m) => m?.role === 'user');
    if (typeof user?.content !== 'string') return bad("'messages' must contain a user message");
    const source = detect(user.content);
    const content = (outputs: string[]) => outputs.join('\n');
    return {
      texts: [user.content],
      source,
      target: other(source),
      respond: (outputs) => ({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: content(outputs) }, finish_reason: 'stop' }],
      }),
      // The legacy completions shape.
      nearMiss: (outputs) => ({ choices: [{ index: 0, text: content(outputs), finish_reason: 'stop' }] }),
    };
  },
};
