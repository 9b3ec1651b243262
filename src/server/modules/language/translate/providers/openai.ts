// An OpenAI-compatible chat-completions endpoint (llama.cpp, Ollama, vLLM, a hosted LLM). One request
// per text, so an output can never land on the wrong sentence; the answer is cleaned of the usual
// chatter (quotes, "Translation:", <think> blocks) and must keep the text's line count.
import { type Lang, type Provider, ProviderError, type ProviderSettings } from '../types.ts';
import { badResponse, checkBatch, endpoint, isRecord, requestJson, withRetry } from './http.ts';

const MAX_BATCH = 20;
const MAX_CHARS = 4_000;
// A local server often has one or two slots; more parallel requests would only queue against the timeout.
const CONCURRENCY = 2;
// A local model on a CPU needs seconds per sentence.
const DEFAULT_TIMEOUT_MS = 30_000;
const FROM: Record<Lang, string> = { en: 'English', zh: 'Chinese' };
const INTO: Record<Lang, string> = { en: 'English', zh: 'Simplified Chinese' };

/** `{base}/v1/chat/completions`, also when the configured URL already ends in /v1 (as Ollama's docs give it). */
export function chatCompletionsUrl(base: string): URL {
  const trimmed = base.replace(/\/+$/, '');
  if (trimmed.endsWith('/chat/completions')) return new URL(trimmed);
  return endpoint(trimmed, trimmed.endsWith('/v1') ? '/chat/completions' : '/v1/chat/completions');
}

const CHATTER_LINE = /^(?:here(?:'s| is)|sure|certainly|okay|以下是)[^\n]*[:：][ \t]*\n/i;
const LABEL_PREFIX = /^(?:translation|translated text|译文|翻译)[ \t]*[:：][ \t]*/i;
const QUOTES: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ['“', '”'],
  ['「', '」'],
  ['『', '』'],
  ["'", "'"],
  ['‘', '’'],
];

const lineCount = (s: string): number => s.split('\n').filter((l) => l.trim() !== '').length;

/** The translation inside an LLM's answer: without a reasoning block, a lead-in line, a label or wrapping quotes. */
export function cleanCompletion(output: string, input: string): string {
  let s = output
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .trim()
    .replace(CHATTER_LINE, '')
    .replace(LABEL_PREFIX, '')
    .trim();
  const quoted = QUOTES.find(([open, close]) => s.length >= 2 && s.startsWith(open) && s.endsWith(close));
  if (quoted && !input.trim().startsWith(quoted[0])) {
    const inner = s.slice(quoted[0].length, -quoted[1].length);
    // `"Hi," he said, "bye"` starts and ends with quotes that do not wrap it.
    if (!inner.includes(quoted[0]) && !inner.includes(quoted[1])) s = inner.trim();
  }
  return s;
}

export function createOpenAI(settings: Extract<ProviderSettings, { provider: 'openai' }>): Provider {
  const url = chatCompletionsUrl(settings.url);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const label = settings.model;
  const headers: Record<string, string> = settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {};

  const translateOne = async (text: string, source: Lang, target: Lang, signal: AbortSignal): Promise<string> => {
    const body = await withRetry(
      () =>
        requestJson({
          label,
          url,
          headers,
          json: {
            model: settings.model,
            messages: [
              {
                role: 'system',
                content: `Translate the user's text from ${FROM[source]} into ${INTO[target]}. Output only the translation, with no quotes, notes or explanations, and keep its line breaks.`,
              },
              { role: 'user', content: text },
            ],
            temperature: 0,
          },
          timeoutMs,
          signal,
          // A used-up paid balance is a 429 too, but waiting will not help.
          classify: (_status, error) =>
            isRecord(error) && isRecord(error.error) && (error.error.type === 'insufficient_quota' || error.error.code === 'insufficient_quota')
              ? 'quota'
              : undefined,
        }),
      { signal },
    );
    const choice = isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
    const content = isRecord(choice) && isRecord(choice.message) ? choice.message.content : undefined;
    if (typeof content !== 'string') throw badResponse(label, 'no choices[0].message.content');
    if (isRecord(choice) && choice.finish_reason === 'length') throw badResponse(label, 'answer cut off at the token limit');
    const out = cleanCompletion(content, text);
    if (out === '' || lineCount(out) !== lineCount(text)) throw badResponse(label, `${lineCount(out)} lines for ${lineCount(text)}`);
    return out;
  };

  return {
    id: 'openai',
    label,
    kind: 'translation',
    maxBatch: MAX_BATCH,
    maxChars: MAX_CHARS,
    async translate(texts: readonly string[], source: Lang, target: Lang, signal?: AbortSignal): Promise<string[]> {
      checkBatch(label, texts, MAX_BATCH, MAX_CHARS);
      // The first failure stops the rest: the batch fails as a whole.
      const stop = new AbortController();
      const linked = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
      const out: string[] = new Array(texts.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < texts.length && !linked.aborted) {
          const i = next++;
          const text = texts[i]!;
          // Nothing to translate: an LLM would answer blank input with chatter.
          out[i] = text.trim() === '' ? text : await translateOne(text, source, target, linked);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, texts.length) }, worker));
      } catch (err) {
        stop.abort();
        throw err;
      }
      // The workers stop taking texts once the caller aborts, leaving holes.
      if (linked.aborted) throw new ProviderError('timeout', `${label}: cancelled`);
      return out;
    },
  };
}
