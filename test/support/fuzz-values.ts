// Values for the schema-driven fuzz test: a seeded PRNG, valid-ish values drawn from a JSON schema,
// and hostile ones (lone surrogates, NUL, huge and non-finite numbers, wrong types, deep nesting,
// long strings, unknown fields). Deterministic for a seed.

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast, good enough to explore inputs, and the same sequence for the same seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** A JSON literal written as is (numbers JSON.stringify cannot write: 1e400, -0, 1e-400). */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON.stringify, except that Raw values are written verbatim. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface Pools {
  /** the fuzzer's own password, for bodies with a password field */
  password: string;
  handles: string[];
  /** `/media/<id>/<name>` paths of real files */
  mediaFiles: string[];
  noteIds: string[];
  commentIds: string[];
  boardIds: string[];
  mediaIds: string[];
  sessionIds: string[];
  notificationIds: string[];
}

const TEXTS = [
  '',
  ' ',
  'Mittens says hi #cattax @nobody',
  '小雨的周末 #成都美食 @alice_1',
  'العربية والعبرية עברית',
  '👨‍👩‍👧 ❤️ 🏴󠁧󠁢󠁳󠁣󠁴󠁿 1️⃣',
  'https://example.com/a?b=c#d www.example.org',
  '\u202Eevil\u202C \u200B\u2060\uFEFF',
  'line 1\nline 2\r\nline 3\tend',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is what this text is about
  '%s %n {{x}} ${x}',
  'Ω≈ç√∫˜µ≤≥÷ Zoë e\u0301',
];

const HOSTILE_STRINGS = [
  '\ud800',
  'a\udc00b',
  'end\ud83d',
  'nul\u0000byte',
  '\u0000',
  'x'.repeat(10_000),
  '我'.repeat(3000),
  '#'.repeat(2000),
  '@'.repeat(500) + 'a'.repeat(500),
  'e\u0301'.repeat(2000),
  '\u202E'.repeat(1000),
  ' \n\t '.repeat(100),
];

const UUIDISH = /0-9a-f-|\[0-9a-f-\]\{36\}/;

/**
 * A value for a path or query parameter or body field named `name` with `schema`. `wild` is the
 * chance of each choice going wrong (0: as valid as the fuzzer can make it).
 */
export function valueFor(r: Rng, schema: Record<string, unknown>, name: string, pools: Pools, context: string, wild = 0.07): unknown {
  if (r.chance(wild)) return hostile(r, 0);
  if (Array.isArray(schema.enum)) return r.pick(schema.enum as unknown[]);
  if ('const' in schema) return schema.const;
  const union = (schema.anyOf ?? schema.oneOf) as Array<Record<string, unknown>> | undefined;
  if (union) return valueFor(r, r.pick(union), name, pools, context, wild);
  switch (schema.type) {
    case 'null':
      return null;
    case 'boolean':
      return r.chance(0.5);
    case 'integer':
    case 'number': {
      const lo = typeof schema.minimum === 'number' ? schema.minimum : -5;
      const hi = typeof schema.maximum === 'number' ? schema.maximum : 1000;
      return r.chance(1 - 3 * wild) ? r.int(lo, Math.min(hi, lo + 200)) : r.pick([lo - 1, hi + 1, 0, -1, 2 ** 53, 1.5]);
    }
    case 'array': {
      const items = (schema.items ?? {}) as Record<string, unknown>;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : 5;
      const n = r.chance(1 - 2 * wild) ? r.int(typeof schema.minItems === 'number' ? schema.minItems : 0, Math.min(max, 4)) : r.pick([0, max + 1, max * 3]);
      const values = Array.from({ length: n }, () => valueFor(r, items, name, pools, context, wild));
      return schema.uniqueItems && r.chance(1 - wild) ? [...new Set(values)] : values;
    }
    case 'object':
      return objectFor(r, schema, pools, context, wild);
    default:
      return stringFor(r, schema, name, pools, context, wild);
  }
}

function stringFor(r: Rng, schema: Record<string, unknown>, name: string, pools: Pools, context: string, wild: number): string {
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
  if (name === 'cursor') return r.pick(['', 'AA', 'AAAA', '____', 'eyJpZCI6MX0', 'MDFhMjJiMzktMGYwNi03NzQ1', '-'.repeat(200), 'zzzz']);
  if (name === 'password' && r.chance(1 - 3 * wild)) return pools.password;
  if (name === 'tag') return r.pick(['fuzz', 'cattax', '成都美食', 'CatTax', '_', 'a'.repeat(51), '#fuzz', 'two words']);
  if (name === 'handle' || pattern.startsWith('^[A-Za-z0-9_.]')) {
    // A new account wants a new handle; everything else mostly names someone who exists.
    const fresh = context === '/api/v1/accounts' ? 0.7 : 0.1;
    if (r.chance(fresh)) return `fz_${r.int(0, 1e9).toString(36)}`;
    return pools.handles.length > 0 && r.chance(0.9) ? r.pick(pools.handles) : r.pick(['nobody_here', 'ab', 'UPPER_case', 'a.b_c']);
  }
  if (UUIDISH.test(pattern)) {
    if (r.chance(2 * wild))
      return r.pick(['00000000-0000-7000-8000-000000000000', '01a22b39-0f06-7745-be0b-863c2ddbbc9b', '------------------------------------']);
    const pool = poolFor(name, context, pools);
    return pool.length > 0 ? r.pick(pool) : '00000000-0000-7000-8000-000000000000';
  }
  if (pattern.includes('[a-z]{2,3}')) return r.pick(['en', 'zh', 'zh-Hans', 'ja', 'yue-HK', 'x', 'EN']);
  // The careful round stays under the weighted-unit limits the schemas only describe (a 40-unit title).
  const max = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 200, wild === 0 ? 20 : Number.POSITIVE_INFINITY);
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const text = r.chance(1 - wild) ? r.pick(wild === 0 ? TEXTS.slice(2) : TEXTS).slice(0, max) : r.pick(TEXTS).repeat(50);
  return text.length >= min ? text : text.padEnd(min, 'x');
}

/** Ids for a parameter: by its name in a body, by the resource before it in a path. */
function poolFor(name: string, context: string, pools: Pools): string[] {
  if (name === 'noteId') return pools.noteIds;
  if (name === 'mediaIds' || name === 'mediaId') return pools.mediaIds;
  if (name === 'ids') return pools.notificationIds;
  if (name === 'replyTo') return pools.commentIds;
  const resource = context.split('/').filter(Boolean).pop() ?? '';
  const byResource: Record<string, string[]> = {
    notes: pools.noteIds,
    boards: pools.boardIds,
    comments: pools.commentIds,
    sessions: pools.sessionIds,
    media: pools.mediaIds,
  };
  return byResource[resource] ?? pools.noteIds;
}

function objectFor(r: Rng, schema: Record<string, unknown>, pools: Pools, context: string, wild: number): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(props)) {
    if (required.has(k) ? r.chance(1 - wild) : r.chance(0.5)) out[k] = valueFor(r, s, k, pools, context, wild);
  }
  if (r.chance(wild)) out[r.pick(['role', 'isAdmin', 'id', 'authorId', 'x'])] = r.pick(['admin', true, 1, null]);
  return out;
}

/** Something no schema wants: wrong types, non-finite or huge numbers, broken text, deep nesting. */
export function hostile(r: Rng, depth: number): unknown {
  switch (r.int(0, 9)) {
    case 0:
      return r.pick(HOSTILE_STRINGS);
    case 1:
      return new Raw(r.pick(['1e400', '-1e400', '-0', '1e-400', '9007199254740993', '0.1e1', '1E+2']));
    case 2:
      return r.pick([null, true, false, 0, -1, 1.5, 2 ** 31, -(2 ** 63)]);
    case 3:
      return depth > 2 ? [] : Array.from({ length: r.int(0, 3) }, () => hostile(r, depth + 1));
    case 4:
      return depth > 2 ? {} : { [r.pick(['a', '', ' ', '\u0000', 'x'.repeat(300)])]: hostile(r, depth + 1) };
    case 5:
      return nested(r.int(20, 40));
    case 6:
      return Array.from({ length: r.pick([101, 1000, 9000]) }, () => r.pick(['x', 0, {}]));
    case 7:
      return r.pick(['Infinity', '-Infinity', 'NaN', '1e400', '0x10', ' 5', '', 'true', 'null', '[]', '{}']);
    case 8:
      return r.pick(['%ff', '%00', '..%2f..%2fetc%2fpasswd', '%E0%A4%A', '\\u0000']);
    default:
      return r.pick(HOSTILE_STRINGS).slice(0, 40);
  }
}

function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** A path or query value as it goes into a URL: usually encoded, sometimes raw junk. */
export function urlValue(r: Rng, value: unknown, wild = 0.1): string {
  if (value instanceof Raw) return value.text;
  const text = typeof value === 'string' ? value : toJson(value);
  if (typeof value === 'string' && /^%|\.\.%2f/.test(value)) return value; // already percent-junk
  // encodeURIComponent throws on a lone surrogate; a client's URL encoder writes U+FFFD for it.
  const wellFormed = (text as unknown as { toWellFormed(): string }).toWellFormed();
  return encodeURIComponent(wellFormed).slice(0, r.chance(wild) ? 20_000 : 2000);
}
