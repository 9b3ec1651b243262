// The few Biji API calls a benchmark needs to set up its data, over real HTTP like any client.
import { runPool, strongPassword } from './pool.ts';

async function call(url: string, init: RequestInit & { token?: string }, expect: number): Promise<unknown> {
  // A JSON content type with no body is a 400 (malformed JSON), so it goes only with a body.
  const headers: Record<string, string> = init.body ? { 'content-type': 'application/json' } : {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${init.method ?? 'GET'} ${url}: expected ${expect}, got ${res.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** Signs a person up and returns their bearer token. */
export async function signUp(base: string, handle: string, displayName: string): Promise<string> {
  const body = JSON.stringify({ handle, password: strongPassword(), displayName, languages: ['en', 'zh'] });
  const out = (await call(`${base}/api/v1/accounts`, { method: 'POST', body }, 201)) as { token: string };
  return out.token;
}

export async function follow(base: string, token: string, handle: string): Promise<void> {
  await call(`${base}/api/v1/users/${handle}/follow`, { method: 'PUT', token }, 204);
}

export interface ProfileFixture {
  /** the person whose profile is read */
  handle: string;
  /** a follower whom the person follows back: the signed-in viewer */
  viewerToken: string;
}

/**
 * A profile that looks lived-in: `followers` people follow it and it follows one of them back, so a
 * signed-in read has real viewer state (following and followed-by) to work out.
 */
export async function seedProfile(base: string, followers: number, concurrency: number): Promise<ProfileFixture> {
  const handle = 'bench_star';
  const starToken = await signUp(base, handle, '基准 Bench Star');
  const tokens: string[] = new Array<string>(followers);
  await runPool(followers, concurrency, async (i) => {
    const token = await signUp(base, `bench_fan_${i}`, `Fan ${i}`);
    await follow(base, token, handle);
    tokens[i] = token;
  });
  const viewerToken = tokens[0];
  if (!viewerToken) throw new Error('seedProfile needs at least one follower');
  await follow(base, starToken, 'bench_fan_0');
  return { handle, viewerToken };
}

/** Reads the profile once, checking the fixture is what the benchmark claims to measure. */
export async function checkProfile(base: string, fx: ProfileFixture, followers: number): Promise<void> {
  const anon = (await call(`${base}/api/v1/users/${fx.handle}`, {}, 200)) as { followersCount: number; viewer: unknown };
  if (anon.followersCount !== followers || anon.viewer !== null) throw new Error(`unexpected anonymous profile: ${JSON.stringify(anon)}`);
  const signed = (await call(`${base}/api/v1/users/${fx.handle}`, { token: fx.viewerToken }, 200)) as {
    viewer: { following: boolean; followedBy: boolean } | null;
  };
  if (!signed.viewer?.following || !signed.viewer.followedBy) throw new Error(`unexpected viewer state: ${JSON.stringify(signed.viewer)}`);
}
