// Reads a TikTok export's JSON as a stream of tokens and keeps only the subtrees an import uses
// (profile names, follows, posts, likes, favourites, comments), each item cut down to the fields we
// read. Everything else — DMs, login history, e-mail, phone, birth date, device ids — is tokenised
// and dropped, never built into objects. The kept subtrees are returned at their original paths
// (a pruned skeleton of the document), so parse.ts resolves them exactly as it would a whole file.
// Size, nesting depth and UTF-8 validity are checked chunk by chunk, before anything is built.
import { isUtf8 } from 'node:buffer';
import { Tokenizer, TokenType } from '@streamparser/json';
import { TikTokImportError } from './errors.ts';
import type { UploadLimits } from './types.ts';

export type Tree = { [key: string]: unknown };

export interface PrunedExport {
  /** the kept subtrees at their paths (null-prototype objects: keys come from the file) */
  tree: Tree;
  /** the document's top-level keys, as written (they tell the layout) */
  topKeys: string[];
}

/** Keys whose value is a list we import, wherever it sits (README §5 fallback). */
const LIST_KEYS = new Set(['fanslist', 'itemfavoritelist', 'favoritevideolist', 'commentslist']);
/** Fields of list items we read; anything else in an item is dropped. */
const ITEM_FIELDS = new Set([
  'date',
  'username',
  'link',
  'videolink',
  'likes',
  'whocanview',
  'title',
  'comment',
  'originalposturl',
  'original post link',
  'url',
]);
/** Profile fields we read: never e-mail, phone, birth date or linked logins. */
const PROFILE_FIELDS = new Set(['username', 'displayname', 'biodescription']);
/**
 * Kept subtrees and list items over the whole file: a hostile file repeating a list key thousands
 * of times (each list under maxItems) must not add up to gigabytes of small objects.
 */
const MAX_CAPTURES = 1000;
const MAX_TOTAL_ITEMS_FACTOR = 8;
/** Top-level sections never looked into, even by the fallback search. */
const NEVER = new Set(['direct message', 'direct messages']);

enum Mode {
  Scan = 0,
  Build = 1,
  Skip = 2,
}
enum Rule {
  None = 0,
  List = 1,
  Item = 2,
  Profile = 3,
}
enum Expect {
  Value = 0,
  KeyOrClose = 1,
  Key = 2,
  Colon = 3,
  CommaOrCloseObject = 4,
  ValueOrCloseArray = 5,
  CommaOrCloseArray = 6,
  Done = 7,
}

interface Frame {
  isArray: boolean;
  /** the current key (objects) */
  key: string;
  /** the current index (arrays) */
  index: number;
  mode: Mode;
  rule: Rule;
  /** the value being built (Build mode) */
  value: Tree | unknown[] | null;
}

const d = (mode: Mode, rule: Rule): number => mode | (rule << 2);

function isContainerStart(token: TokenType): boolean {
  return token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET;
}

/** Consumes tokens: checks the grammar (the tokenizer alone does not) and keeps what we need. */
class Selector {
  readonly tree: Tree = Object.create(null) as Tree;
  readonly topKeys: string[] = [];
  private readonly stack: Frame[] = [];
  private expect: Expect = Expect.Value;
  private captures = 0;
  private items = 0;

  constructor(private readonly limits: UploadLimits) {}

  get done(): boolean {
    return this.expect === Expect.Done;
  }

  token(token: TokenType, value: unknown): void {
    switch (this.expect) {
      case Expect.KeyOrClose:
      case Expect.Key: {
        const top = this.stack[this.stack.length - 1] as Frame;
        if (token === TokenType.STRING) {
          top.key = value as string;
          if (this.stack.length === 1 && this.topKeys.length < 1000) this.topKeys.push(top.key);
          this.expect = Expect.Colon;
        } else if (token === TokenType.RIGHT_BRACE && this.expect === Expect.KeyOrClose) this.close();
        else this.invalid();
        return;
      }
      case Expect.Colon:
        if (token !== TokenType.COLON) this.invalid();
        this.expect = Expect.Value;
        return;
      case Expect.ValueOrCloseArray:
        if (token === TokenType.RIGHT_BRACKET) this.close();
        else this.start(token, value);
        return;
      case Expect.Value:
        this.start(token, value);
        return;
      case Expect.CommaOrCloseObject:
        if (token === TokenType.COMMA) this.expect = Expect.Key;
        else if (token === TokenType.RIGHT_BRACE) this.close();
        else this.invalid();
        return;
      case Expect.CommaOrCloseArray:
        if (token === TokenType.COMMA) {
          (this.stack[this.stack.length - 1] as Frame).index++;
          this.expect = Expect.Value;
        } else if (token === TokenType.RIGHT_BRACKET) this.close();
        else this.invalid();
        return;
      default:
        this.invalid();
    }
  }

  private invalid(): never {
    throw new TikTokImportError('invalid_json', 'unexpected token');
  }

  private start(token: TokenType, value: unknown): void {
    if (token === TokenType.COLON || token === TokenType.COMMA || token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.invalid();
    const parent = this.stack[this.stack.length - 1];
    const container = isContainerStart(token);
    if (!parent) {
      // The document itself: an export is one object.
      if (token !== TokenType.LEFT_BRACE) throw new TikTokImportError('not_tiktok', 'the document is not an object');
      this.push(false, Mode.Scan, Rule.None, null);
      return;
    }
    if (container && this.stack.length >= this.limits.maxDepth) throw new TikTokImportError('json_too_deep');
    const decision = this.decide(parent, token);
    const mode = (decision & 3) as Mode;
    const rule = (decision >> 2) as Rule;
    if (container) {
      // Plain objects (fast in V8) are safe here: a built object only ever gets whitelisted keys.
      const built = mode === Mode.Build ? (token === TokenType.LEFT_BRACE ? ({} as Tree) : []) : null;
      this.push(token === TokenType.LEFT_BRACKET, mode, rule, built);
      return;
    }
    if (mode === Mode.Build) this.deliver(parent, this.scalar(value));
    this.afterValue();
  }

  /**
   * What to do with a value about to start under `parent`: scan into it, build it, or skip it.
   * Answers `mode | rule << 2` (a number, not a tuple: this runs for every value of the file).
   */
  private decide(parent: Frame, token: TokenType): number {
    if (parent.mode === Mode.Skip) return d(Mode.Skip, Rule.None);
    const container = isContainerStart(token);
    if (parent.mode === Mode.Build) {
      if (parent.rule === Rule.List) {
        // A list keeps up to maxItems objects; a sentinel `{}` or stray scalars keep nothing.
        const value = parent.value as unknown[] | Tree;
        if (Array.isArray(value) && token === TokenType.LEFT_BRACE && value.length < this.limits.maxItems) {
          if (++this.items <= this.limits.maxItems * MAX_TOTAL_ITEMS_FACTOR) return d(Mode.Build, Rule.Item);
        }
        return d(Mode.Skip, Rule.None);
      }
      const fields = parent.rule === Rule.Profile ? PROFILE_FIELDS : ITEM_FIELDS;
      if (!parent.isArray && !container && fields.has(parent.key.toLowerCase())) return d(Mode.Build, Rule.None);
      return d(Mode.Skip, Rule.None);
    }
    // Scanning: a section we need starts here, or we look further down.
    if (parent.isArray) return d(container ? Mode.Scan : Mode.Skip, Rule.None);
    const key = parent.key.toLowerCase();
    if (this.stack.length === 1 && NEVER.has(key)) return d(Mode.Skip, Rule.None);
    let rule = Rule.None;
    if (LIST_KEYS.has(key)) rule = Rule.List;
    else if (key === 'profilemap') rule = Rule.Profile;
    // `Following` names both a section and the list inside it: the list is the array.
    else if (key === 'following' && token !== TokenType.LEFT_BRACE) rule = Rule.List;
    // `VideoList` is also the watch history: only the one under Posts/Videos is ours.
    else if (key === 'videolist' && this.grandKeyIs('posts', 'videos')) rule = Rule.List;
    if (rule !== Rule.None && ++this.captures <= MAX_CAPTURES) return d(Mode.Build, rule);
    return d(container && rule === Rule.None ? Mode.Scan : Mode.Skip, Rule.None);
  }

  private grandKeyIs(...names: string[]): boolean {
    const grand = this.stack[this.stack.length - 2];
    return !!grand && !grand.isArray && names.includes(grand.key.toLowerCase());
  }

  private scalar(value: unknown): unknown {
    if (typeof value === 'string' && value.length > this.limits.maxTextChars) return value.slice(0, this.limits.maxTextChars);
    return value;
  }

  private push(isArray: boolean, mode: Mode, rule: Rule, value: Tree | unknown[] | null): void {
    this.stack.push({ isArray, key: '', index: 0, mode, rule, value });
    this.expect = isArray ? Expect.ValueOrCloseArray : Expect.KeyOrClose;
  }

  private close(): void {
    const frame = this.stack.pop() as Frame;
    const parent = this.stack[this.stack.length - 1];
    if (parent && frame.mode === Mode.Build) this.deliver(parent, frame.value);
    this.afterValue();
  }

  private afterValue(): void {
    const top = this.stack[this.stack.length - 1];
    this.expect = !top ? Expect.Done : top.isArray ? Expect.CommaOrCloseArray : Expect.CommaOrCloseObject;
  }

  /** A built value is complete: into its parent being built, or as a kept subtree of the document. */
  private deliver(parent: Frame, value: unknown): void {
    if (parent.mode === Mode.Build) {
      // Fields are kept under lower-case keys: parse.ts reads them case-insensitively, this is its fast path.
      if (Array.isArray(parent.value)) parent.value.push(value);
      else (parent.value as Tree)[parent.key.toLowerCase()] = value;
      return;
    }
    let node = this.tree;
    for (let i = 0; i < this.stack.length - 1; i++) {
      const f = this.stack[i] as Frame;
      const k = f.isArray ? String(f.index) : f.key;
      const next = node[k];
      if (next && typeof next === 'object' && !Array.isArray(next)) node = next as Tree;
      else node = node[k] = Object.create(null) as Tree;
    }
    node[parent.isArray ? String(parent.index) : parent.key] = value;
  }
}

/** How many bytes at the end of `buf` are the start of a UTF-8 sequence that continues in the next chunk. */
function incompleteTail(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back] as number;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Reads a JSON export from a stream of bytes into its pruned form (see the file comment). */
export async function readPrunedJson(source: AsyncIterable<Uint8Array>, limits: UploadLimits): Promise<PrunedExport> {
  const selector = new Selector(limits);
  const tokenizer = new Tokenizer({ stringBufferSize: 0 });
  tokenizer.onToken = ({ token, value }) => selector.token(token, value);
  let total = 0;
  let carry: Uint8Array | null = null;
  let first = true;
  const feed = (bytes: Uint8Array) => {
    try {
      tokenizer.write(bytes);
    } catch (err) {
      throw err instanceof TikTokImportError ? err : new TikTokImportError('invalid_json', String(err));
    }
  };
  for await (const raw of source) {
    let chunk = raw;
    total += chunk.length;
    if (total > limits.maxJsonBytes) throw new TikTokImportError('json_too_large');
    if (first && chunk.length > 0) {
      // A byte-order mark is allowed before the document (the tokenizer would refuse it).
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      first = false;
    }
    if (carry) {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      chunk = joined;
      carry = null;
    }
    const tail = incompleteTail(chunk);
    if (tail > 0) {
      carry = chunk.slice(chunk.length - tail);
      chunk = chunk.subarray(0, chunk.length - tail);
    }
    if (!isUtf8(chunk)) throw new TikTokImportError('invalid_utf8');
    if (chunk.length > 0) feed(chunk);
  }
  if (carry) throw new TikTokImportError('invalid_utf8', 'truncated sequence at the end');
  try {
    tokenizer.end();
  } catch (err) {
    throw err instanceof TikTokImportError ? err : new TikTokImportError('invalid_json', String(err));
  }
  if (!selector.done) throw new TikTokImportError('invalid_json', total === 0 ? 'empty file' : 'unexpected end');
  return { tree: selector.tree, topKeys: selector.topKeys };
}
