// Every setting Biji reads, from environment variables, validated once at start.
// Nothing else in the server reads process.env: the config object is passed down.
import path from 'node:path';
import { NOTE_LIMITS } from '../shared/rules/notes.ts';
import type { ProviderSettings } from './modules/language/translate/types.ts';

export interface RateRule {
  /** how many hits are allowed in one window */
  limit: number;
  /** window length in milliseconds */
  windowMs: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  publicUrl: string | null;
  trustProxy: boolean;
  webDist: string;
  bodyLimitBytes: number;
  sessionTtlDays: number;
  shutdownTimeoutMs: number;
  media: {
    maxImageBytes: number;
    maxImagePixels: number;
    maxVideoBytes: number;
    maxVideoSeconds: number;
    ffmpegPath: string | null;
  };
  s3: null | {
    endpoint: string | null;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
  };
  notes: {
    maxTitleUnits: number;
    maxBodyUnits: number;
    maxImages: number;
    maxCommentUnits: number;
  };
  jobs: {
    pollIntervalMs: number;
    concurrency: number;
  };
  /** entries each in-process read cache keeps (notes, people, their counts) */
  cacheMaxEntries: number;
  feed: {
    /** impressions a new note gets at each traffic-pool level before it is judged against the level's median */
    poolSizes: number[];
    /** the share of Explore cards in a language the reader did not say they read (0–0.5) */
    bridgeShare: number;
    /** a card a reader saw is not shown again for this many days */
    seenDays: number;
  };
  translate: {
    /** which translator: the built-in gloss (no network), or a service */
    provider: ProviderSettings;
    /** provider calls one reader (or visitor address) may cause per window */
    perUser: RateRule;
    /** provider calls the instance may make per window */
    global: RateRule;
    /** gloss requests one reader may cause per window */
    glossPerUser: RateRule;
  };
  /** conversations: direct messages and group chats */
  messages: {
    /** members a group may have (at most 500) */
    maxGroupMembers: number;
    /** new conversations a person may start per UTC day with people who do not follow them */
    strangerQuota: number;
    /** messages the starter of a message request may send before the other person answers */
    requestMessages: number;
    /** messages one person may send per window (HTTP and stream together) */
    sendRate: RateRule;
  };
  rateLimits: {
    enabled: boolean;
    signupPerIp: RateRule;
    loginPerIp: RateRule;
    loginPerHandle: RateRule;
    writesPerUser: RateRule;
  };
  /** live rooms (公开聊天室) */
  rooms: {
    /** how often a process sends each room's new messages as one frame (ms) */
    tickMs: number;
    /** messages a room's hello carries */
    recentMessages: number;
    /** messages are kept this long… */
    retentionHours: number;
    /** …and at most this many per room */
    retentionMessages: number;
    /** messages one person may post to rooms per window (also under RATE_LIMITS) */
    sendPerUser: RateRule;
    /** messages one room takes per window from everyone together (also under RATE_LIMITS) */
    sendPerRoom: RateRule;
    /** how often each process reports who holds its rooms; live counts change at most this often (ms) */
    presenceMs: number;
  };
  /** trust & safety: filters, image check, new accounts, duplicates */
  safety: {
    /** word lists screen what people write (off only to measure what they cost) */
    filters: boolean;
    /** classify uploaded images (nsfwjs) in the job queue */
    imageCheck: boolean;
    /** an image scoring at least this (porn + hentai + half of sexy, 0–1) is acted on */
    imageThreshold: number;
    /** what a flagged image does to its note */
    imageAction: 'sensitive' | 'hold';
    /** an account is "new" for this many hours: stricter write limits, link limits */
    newAccountHours: number;
    /** writes per window for new accounts (instead of RATE_LIMIT_WRITES_PER_USER) */
    newAccountWrites: RateRule;
    /** links a new account may put in one text */
    newAccountMaxLinks: number;
    /** a new account's public notes reach followers only for this many hours (0: no probation) */
    probationHours: number;
    /** the same text (or image) posted this many times… */
    duplicateMax: number;
    /** …within this many seconds, by anyone, is held from then on */
    duplicateWindowS: number;
  };
  /** your data: imports, exports, account deletion */
  portability: {
    /** the largest upload an import accepts (a zip or a bare JSON), bytes */
    importMaxBytes: number;
    /** the largest JSON an import reads, inflated, bytes */
    importMaxJsonBytes: number;
    /** an export's archive can be downloaded this long after it is ready */
    exportTtlHours: number;
    /** a deleted account is erased this long after the request, unless its owner logs in before */
    deleteGraceDays: number;
  };
}

/**
 * The safety settings for tools that make many accounts a minute old and post as them at once —
 * test suites and benchmarks: no new-account rules (probation, link limits, stricter budget), no
 * spam-wave check, no image model. The word lists stay on. Tests of those rules set them back.
 */
export const TOOL_SAFETY_ENV = {
  SAFETY_NEW_ACCOUNT_HOURS: '0',
  SAFETY_PROBATION_HOURS: '0',
  SAFETY_DUPLICATE_MAX: '10000',
  SAFETY_IMAGE_CHECK: 'off',
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The documented settings, with defaults; README's table is written from this list. */
export const SETTINGS = {
  PORT: '8080',
  HOST: '127.0.0.1',
  DATA_DIR: './data',
  DATABASE_URL: '',
  REDIS_URL: '',
  LOG_LEVEL: 'info',
  PUBLIC_URL: '',
  TRUST_PROXY: 'false',
  WEB_DIST: './dist/web',
  BODY_LIMIT_BYTES: '1048576',
  SESSION_TTL_DAYS: '30',
  SHUTDOWN_TIMEOUT_MS: '10000',
  MEDIA_MAX_IMAGE_BYTES: '20971520',
  MEDIA_MAX_IMAGE_PIXELS: '40000000',
  MEDIA_MAX_VIDEO_BYTES: '209715200',
  MEDIA_MAX_VIDEO_SECONDS: '300',
  FFMPEG_PATH: '',
  S3_ENDPOINT: '',
  S3_BUCKET: '',
  S3_REGION: 'us-east-1',
  S3_ACCESS_KEY_ID: '',
  S3_SECRET_ACCESS_KEY: '',
  S3_FORCE_PATH_STYLE: 'true',
  NOTE_TITLE_MAX_UNITS: String(NOTE_LIMITS.titleUnits),
  NOTE_BODY_MAX_UNITS: String(NOTE_LIMITS.bodyUnits),
  NOTE_MAX_IMAGES: String(NOTE_LIMITS.images),
  COMMENT_MAX_UNITS: String(NOTE_LIMITS.commentUnits),
  JOBS_POLL_MS: '500',
  JOBS_CONCURRENCY: '2',
  CACHE_MAX_ENTRIES: '50000',
  FEED_POOL_SIZES: '30,150,800,4000',
  FEED_BRIDGE_SHARE: '0.2',
  FEED_SEEN_DAYS: '7',
  TRANSLATE_PROVIDER: 'gloss',
  TRANSLATE_URL: '',
  TRANSLATE_API_KEY: '',
  TRANSLATE_REGION: '',
  TRANSLATE_MODEL: '',
  TRANSLATE_TIMEOUT_MS: '5000',
  TRANSLATE_BUDGET_PER_USER: '200/3600',
  TRANSLATE_BUDGET_GLOBAL: '20000/86400',
  TRANSLATE_GLOSS_PER_USER: '3000/3600',
  MESSAGES_MAX_GROUP_MEMBERS: '500',
  MESSAGES_STRANGER_QUOTA: '5',
  MESSAGES_REQUEST_MESSAGES: '1',
  MESSAGES_SEND_RATE: '30/10',
  RATE_LIMITS: 'on',
  RATE_LIMIT_SIGNUP_PER_IP: '10/3600',
  RATE_LIMIT_LOGIN_PER_IP: '30/900',
  RATE_LIMIT_LOGIN_PER_HANDLE: '10/900',
  RATE_LIMIT_WRITES_PER_USER: '300/60',
  ROOM_TICK_MS: '150',
  ROOM_RECENT_MESSAGES: '50',
  ROOM_RETENTION_HOURS: '24',
  ROOM_RETENTION_MESSAGES: '10000',
  ROOM_SEND_PER_USER: '10/10',
  ROOM_SEND_PER_ROOM: '100/1',
  ROOM_PRESENCE_MS: '2000',
  SAFETY_FILTERS: 'on',
  SAFETY_IMAGE_CHECK: 'on',
  SAFETY_IMAGE_THRESHOLD: '0.7',
  SAFETY_IMAGE_ACTION: 'sensitive',
  SAFETY_NEW_ACCOUNT_HOURS: '24',
  SAFETY_NEW_ACCOUNT_WRITES: '60/60',
  SAFETY_NEW_ACCOUNT_MAX_LINKS: '2',
  SAFETY_PROBATION_HOURS: '24',
  SAFETY_DUPLICATE_MAX: '5',
  SAFETY_DUPLICATE_WINDOW_S: '600',
  IMPORT_MAX_BYTES: String(256 * 1024 * 1024),
  IMPORT_MAX_JSON_BYTES: String(100 * 1024 * 1024),
  EXPORT_TTL_HOURS: '72',
  DELETE_GRACE_DAYS: '7',
} as const;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (name: keyof typeof SETTINGS): string => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? SETTINGS[name] : v.trim();
  };
  const int = (name: keyof typeof SETTINGS, min: number, max: number): number => {
    const raw = get(name);
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return min;
    }
    return n;
  };
  const bool = (name: keyof typeof SETTINGS, on: string[], off: string[]): boolean => {
    const raw = get(name).toLowerCase();
    if (on.includes(raw)) return true;
    if (off.includes(raw)) return false;
    problems.push(`${name} must be one of ${[...on, ...off].join(', ')} (got "${raw}")`);
    return false;
  };
  const rate = (name: keyof typeof SETTINGS): RateRule => {
    const raw = get(name);
    const m = /^(\d{1,7})\/(\d{1,7})$/.exec(raw);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
      problems.push(`${name} must look like COUNT/SECONDS, e.g. 10/3600 (got "${raw}")`);
      return { limit: 1, windowMs: 1000 };
    }
    return { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 };
  };
  const url = (name: keyof typeof SETTINGS, protocols: string[]): string | null => {
    const raw = get(name);
    if (raw === '') return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${raw}")`);
      return null;
    }
  };

  const fraction = (name: keyof typeof SETTINGS, min: number, max: number): number => {
    const raw = get(name);
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
      return min;
    }
    return n;
  };
  const oneOf = <T extends string>(name: keyof typeof SETTINGS, values: readonly T[]): T => {
    const raw = get(name).toLowerCase();
    if ((values as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
    return values[0] as T;
  };
  const poolSizes = (): number[] => {
    const raw = get('FEED_POOL_SIZES');
    const sizes = raw.split(',').map((p) => Number(p.trim()));
    if (
      sizes.length < 1 ||
      sizes.length > 10 ||
      !sizes.every((n, i) => Number.isSafeInteger(n) && n >= 1 && n <= 10_000_000 && (i === 0 || n > (sizes[i - 1] as number)))
    ) {
      problems.push(`FEED_POOL_SIZES must be 1 to 10 increasing whole numbers separated by commas, e.g. 30,150,800,4000 (got "${raw}")`);
      return [30];
    }
    return sizes;
  };

  function s3Config(): Config['s3'] {
    const bucket = get('S3_BUCKET');
    if (bucket === '') return null;
    const endpoint = url('S3_ENDPOINT', ['http:', 'https:']);
    const accessKeyId = get('S3_ACCESS_KEY_ID');
    const secretAccessKey = get('S3_SECRET_ACCESS_KEY');
    if (accessKeyId === '' || secretAccessKey === '') problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required when S3_BUCKET is set');
    return {
      endpoint,
      region: get('S3_REGION'),
      bucket,
      accessKeyId,
      secretAccessKey,
      forcePathStyle: bool('S3_FORCE_PATH_STYLE', ['true', '1', 'yes'], ['false', '0', 'no']),
    };
  }

  function translateProvider(): ProviderSettings {
    const kind = get('TRANSLATE_PROVIDER');
    const timeoutMs = int('TRANSLATE_TIMEOUT_MS', 100, 120_000);
    const apiKey = get('TRANSLATE_API_KEY');
    const endpoint = url('TRANSLATE_URL', ['http:', 'https:']);
    const key = (): string => {
      if (apiKey === '') problems.push(`TRANSLATE_API_KEY is required when TRANSLATE_PROVIDER is ${kind}`);
      return apiKey;
    };
    const where = (): string => {
      if (!endpoint) problems.push(`TRANSLATE_URL is required when TRANSLATE_PROVIDER is ${kind}`);
      return endpoint ?? '';
    };
    const opt = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== null)) as T;
    switch (kind) {
      case 'gloss':
        return { provider: 'gloss' };
      case 'libretranslate':
        return opt({ provider: 'libretranslate', url: where(), apiKey, timeoutMs });
      case 'deepl':
        return opt({ provider: 'deepl', apiKey: key(), url: endpoint ?? '', timeoutMs });
      case 'google':
        return opt({ provider: 'google', apiKey: key(), url: endpoint ?? '', timeoutMs });
      case 'azure':
        return opt({ provider: 'azure', apiKey: key(), region: get('TRANSLATE_REGION'), url: endpoint ?? '', timeoutMs });
      case 'openai': {
        const model = get('TRANSLATE_MODEL');
        if (model === '') problems.push('TRANSLATE_MODEL is required when TRANSLATE_PROVIDER is openai');
        return opt({ provider: 'openai', url: where(), model, apiKey, timeoutMs });
      }
      default:
        problems.push(`TRANSLATE_PROVIDER must be one of gloss, libretranslate, deepl, google, azure, openai (got "${kind}")`);
        return { provider: 'gloss' };
    }
  }

  const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = get('LOG_LEVEL') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${logLevel}")`);

  const host = get('HOST');
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}")`);

  const config: Config = {
    port: int('PORT', 0, 65535),
    host,
    dataDir: path.resolve(get('DATA_DIR')),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    logLevel,
    publicUrl: url('PUBLIC_URL', ['http:', 'https:']),
    trustProxy: bool('TRUST_PROXY', ['true', '1', 'yes'], ['false', '0', 'no']),
    webDist: path.resolve(get('WEB_DIST')),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024, 100 * 1024 * 1024),
    sessionTtlDays: int('SESSION_TTL_DAYS', 1, 3650),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 100, 600_000),
    media: {
      maxImageBytes: int('MEDIA_MAX_IMAGE_BYTES', 1024, 1024 * 1024 * 1024),
      maxImagePixels: int('MEDIA_MAX_IMAGE_PIXELS', 10_000, 1_000_000_000),
      maxVideoBytes: int('MEDIA_MAX_VIDEO_BYTES', 1024, 10 * 1024 * 1024 * 1024),
      maxVideoSeconds: int('MEDIA_MAX_VIDEO_SECONDS', 1, 24 * 3600),
      ffmpegPath: get('FFMPEG_PATH') || null,
    },
    s3: s3Config(),
    notes: {
      maxTitleUnits: int('NOTE_TITLE_MAX_UNITS', 1, 1000),
      maxBodyUnits: int('NOTE_BODY_MAX_UNITS', 1, 100_000),
      maxImages: int('NOTE_MAX_IMAGES', 1, 100),
      maxCommentUnits: int('COMMENT_MAX_UNITS', 1, 100_000),
    },
    jobs: {
      pollIntervalMs: int('JOBS_POLL_MS', 10, 60_000),
      concurrency: int('JOBS_CONCURRENCY', 1, 64),
    },
    cacheMaxEntries: int('CACHE_MAX_ENTRIES', 1, 10_000_000),
    feed: {
      poolSizes: poolSizes(),
      bridgeShare: fraction('FEED_BRIDGE_SHARE', 0, 0.5),
      seenDays: int('FEED_SEEN_DAYS', 0, 60),
    },
    translate: {
      provider: translateProvider(),
      perUser: rate('TRANSLATE_BUDGET_PER_USER'),
      global: rate('TRANSLATE_BUDGET_GLOBAL'),
      glossPerUser: rate('TRANSLATE_GLOSS_PER_USER'),
    },
    messages: {
      maxGroupMembers: int('MESSAGES_MAX_GROUP_MEMBERS', 2, 500),
      strangerQuota: int('MESSAGES_STRANGER_QUOTA', 0, 10_000),
      requestMessages: int('MESSAGES_REQUEST_MESSAGES', 1, 100),
      sendRate: rate('MESSAGES_SEND_RATE'),
    },
    rateLimits: {
      enabled: bool('RATE_LIMITS', ['on', 'true', '1'], ['off', 'false', '0']),
      signupPerIp: rate('RATE_LIMIT_SIGNUP_PER_IP'),
      loginPerIp: rate('RATE_LIMIT_LOGIN_PER_IP'),
      loginPerHandle: rate('RATE_LIMIT_LOGIN_PER_HANDLE'),
      writesPerUser: rate('RATE_LIMIT_WRITES_PER_USER'),
    },
    rooms: {
      tickMs: int('ROOM_TICK_MS', 20, 1000),
      recentMessages: int('ROOM_RECENT_MESSAGES', 0, 200),
      retentionHours: int('ROOM_RETENTION_HOURS', 1, 24 * 365),
      retentionMessages: int('ROOM_RETENTION_MESSAGES', 100, 10_000_000),
      sendPerUser: rate('ROOM_SEND_PER_USER'),
      sendPerRoom: rate('ROOM_SEND_PER_ROOM'),
      presenceMs: int('ROOM_PRESENCE_MS', 200, 60_000),
    },
    safety: {
      filters: bool('SAFETY_FILTERS', ['on', 'true', '1'], ['off', 'false', '0']),
      imageCheck: bool('SAFETY_IMAGE_CHECK', ['on', 'true', '1'], ['off', 'false', '0']),
      imageThreshold: fraction('SAFETY_IMAGE_THRESHOLD', 0, 1),
      imageAction: oneOf('SAFETY_IMAGE_ACTION', ['sensitive', 'hold'] as const),
      newAccountHours: int('SAFETY_NEW_ACCOUNT_HOURS', 0, 24 * 365),
      newAccountWrites: rate('SAFETY_NEW_ACCOUNT_WRITES'),
      newAccountMaxLinks: int('SAFETY_NEW_ACCOUNT_MAX_LINKS', 0, 100),
      probationHours: int('SAFETY_PROBATION_HOURS', 0, 24 * 365),
      duplicateMax: int('SAFETY_DUPLICATE_MAX', 2, 10_000),
      duplicateWindowS: int('SAFETY_DUPLICATE_WINDOW_S', 10, 7 * 86_400),
    },
    portability: {
      importMaxBytes: int('IMPORT_MAX_BYTES', 1024, 4 * 1024 * 1024 * 1024),
      importMaxJsonBytes: int('IMPORT_MAX_JSON_BYTES', 1024, 4 * 1024 * 1024 * 1024),
      exportTtlHours: int('EXPORT_TTL_HOURS', 1, 24 * 365),
      deleteGraceDays: int('DELETE_GRACE_DAYS', 0, 365),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
