import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Compile } from 'typebox/compile';
import { ImportPreview } from '../../../../shared/api/portability.ts';
import { hashtagsOf, parseDate, parseTikTokData, previewOf, readTikTokUpload, type TikTokExport, TikTokImportError } from './index.ts';

const SAMPLES = fileURLToPath(new URL('../../../../../../shared/data/tiktok-export/', import.meta.url));
const FILES = { '2026': 'user_data_tiktok.json', '2025': 'user_data_tiktok_2025_layout.json', legacy: 'user_data_legacy_layout.json' } as const;
const read = (layout: keyof typeof FILES) => readTikTokUpload(SAMPLES + FILES[layout]);

/** The same data with the dates and ids that differ by layout taken out. */
function shape(e: TikTokExport) {
  return {
    userName: e.profile.userName,
    bio: e.profile.bio,
    following: e.following.map((f) => f.username),
    followers: e.followers.map((f) => f.username),
    postLikes: e.posts.map((p) => p.likes),
    who: e.posts.map((p) => p.whoCanView),
    liked: e.liked.length,
    favorites: e.favorites.length,
    comments: e.comments.map((c) => c.text),
  };
}

const checkPreview = Compile(ImportPreview);

describe('reading the TikTok export samples', () => {
  it('reads the same account from the 2026, 2025 and legacy layouts', async () => {
    const [a, b, c] = await Promise.all([read('2026'), read('2025'), read('legacy')]);
    assert.deepEqual([a.layout, b.layout, c.layout], ['2026', '2025', 'legacy']);
    assert.deepEqual(shape(a), shape(b));
    assert.deepEqual(shape(b), shape(c));
    assert.deepEqual(shape(a), {
      userName: 'catdad_ohio',
      bio: 'Full-time cat dad, part-time cat tax collector 🐈 Columbus, OH',
      following: ['purrfect_pawdcast', 'cincy_catcafe', 'daily.loaf.report'],
      followers: ['buckeye_kitten_mom', 'lakeerie_tabby'],
      postLikes: [412, 1287],
      who: ['everyone', 'everyone'],
      liked: 2,
      favorites: 1,
      comments: ['this orange boy owes at least three treats in cat tax 😹 #cattax'],
    });
    // Captions exist from 2025 on; the legacy layout has none.
    assert.deepEqual(
      a.posts,
      b.posts.map((p, i) => ({ ...p, date: a.posts[i]?.date ?? null })),
    );
    assert.deepEqual(a.posts[0]?.hashtags, ['tiktokrefugee', 'cattax']);
    assert.deepEqual(
      c.posts.map((p) => [p.caption, p.hashtags]),
      [
        ['', []],
        ['', []],
      ],
    );
    assert.equal(a.profile.displayName, 'Cat Dad (Ohio)');
    assert.equal(c.profile.displayName, null);
  });

  it('reads every date as UTC, including the " UTC" suffix of 2026 comments', async () => {
    const a = await read('2026');
    assert.equal(a.following[0]?.date, '2026-01-13T07:55:20.000Z');
    assert.equal(a.comments[0]?.date, '2026-01-12T19:04:51.000Z');
    assert.equal(a.liked[0]?.date, '2026-01-14T21:47:03.000Z');
    const legacy = await read('legacy');
    assert.equal(legacy.liked[1]?.date, '2022-01-09T17:02:40.000Z');
    assert.equal(parseDate('2025-02-30 10:00:00'), null);
    assert.equal(parseDate('yesterday'), null);
    assert.equal(parseDate('2025-01-01 24:00:00'), null);
    assert.equal(parseDate('2024-02-29 23:59:59 UTC'), '2024-02-29T23:59:59.000Z');
    assert.equal(parseDate('2023-02-29 00:00:00'), null);
    assert.equal(parseDate('2025-06-01T10:00:00.5Z'), '2025-06-01T10:00:00.500Z');
  });

  it('keeps the lowercase like keys, the video ids and the commented-on post of 2026', async () => {
    const a = await read('2026');
    assert.deepEqual(
      a.liked.map((l) => l.videoId),
      ['7450000000000000201', '7450000000000000202'],
    );
    assert.equal(a.comments[0]?.postUrl, 'https://www.tiktokv.com/share/video/7450000000000000101/');
    assert.equal((await read('2025')).comments[0]?.postUrl, null, 'an empty url is no url');
  });

  it('never keeps e-mail, phone, birth date, DMs or login history', async () => {
    for (const layout of Object.keys(FILES) as (keyof typeof FILES)[]) {
      const out = JSON.stringify(await read(layout));
      for (const secret of [
        'catdad.ohio@example.com',
        '01-Jan-1985',
        'emailAddress',
        'telephoneNumber',
        'birthDate',
        'ChatHistory',
        'SearchTerm',
        'where are cat people',
      ])
        assert.ok(!out.includes(secret), `${layout} leaks ${secret}`);
    }
  });

  it('reads a DM, an e-mail and a phone number nowhere even when they are present', async () => {
    const doc = {
      'Direct Message': {
        'Direct Messages': { ChatHistory: { 'Chat History with x:': [{ Date: '2025-01-01 00:00:00', From: 'x', Content: 'secret DM text' }] } },
      },
      Profile: { 'Profile Info': { ProfileMap: { userName: 'a_b', emailAddress: 'a@b.example', telephoneNumber: '+15550100', birthDate: '02-Feb-1990' } } },
      'Your Activity': { 'Login History': { LoginHistoryList: [{ Date: '2025-01-01 00:00:00', IP: '203.0.113.9', DeviceModel: 'iPhone' }] } },
    };
    const out = JSON.stringify(parseTikTokData(doc));
    for (const secret of ['secret DM text', 'a@b.example', '+15550100', '02-Feb-1990', '203.0.113.9', 'iPhone']) assert.ok(!out.includes(secret), secret);
  });

  it('normalises the empty sentinels to empty', () => {
    const e = parseTikTokData({
      'Profile And Settings': {
        'Profile Info': { ProfileMap: { userName: 'N/A', displayName: 'None', bioDescription: '' } },
        Following: { Following: null },
        Follower: { FansList: {} },
      },
      Post: { Posts: { VideoList: null } },
      'Likes and Favorites': { 'Like List': { ItemFavoriteList: [] }, 'Favorite Videos': { FavoriteVideoList: '' } },
      Comment: { Comments: { CommentsList: [{ date: 'N/A', comment: 'None' }] } },
    });
    assert.deepEqual(e, {
      layout: '2026',
      profile: { userName: null, displayName: null, bio: null },
      following: [],
      followers: [],
      posts: [],
      liked: [],
      favorites: [],
      comments: [],
    });
  });

  it('reads keys case-insensitively, VideoLink included, and strips @ from usernames', () => {
    const e = parseTikTokData({
      activity: {
        'FOLLOWING LIST': { following: [{ date: '2021-01-01 00:00:00', username: '@Some.One' }] },
        'like list': { itemfavoritelist: [{ DATE: '2021-01-02 03:04:05', VideoLink: 'https://www.tiktokv.com/share/video/123/' }] },
      },
      video: { videos: { videolist: [{ date: '2021-01-03 00:00:00', videolink: 'https://cdn.example/v.mp4', likes: '1,024', whocanview: 'Only me' }] } },
    });
    assert.equal(e.layout, 'legacy');
    assert.deepEqual(e.following, [{ username: 'some.one', date: '2021-01-01T00:00:00.000Z' }]);
    assert.deepEqual(e.liked, [{ date: '2021-01-02T03:04:05.000Z', link: 'https://www.tiktokv.com/share/video/123/', videoId: '123' }]);
    assert.equal(e.posts[0]?.likes, 1024);
    assert.equal(e.posts[0]?.link, 'https://cdn.example/v.mp4');
    assert.equal(e.posts[0]?.whoCanView, 'only_me');
  });

  it('finds sections by their leaf keys when the path is unknown', () => {
    const e = parseTikTokData({ Someday: { 'New Name': { FansList: [{ Date: '2030-01-01 00:00:00', UserName: 'fan' }] } } });
    assert.deepEqual(
      e.followers.map((f) => f.username),
      ['fan'],
    );
  });

  it('maps who could view a post to everyone, friends or only me', () => {
    const who = (w: unknown) =>
      parseTikTokData({ Post: { Posts: { VideoList: [{ Date: '2025-01-01 00:00:00', WhoCanView: w, Title: 'x' }] } } }).posts[0]?.whoCanView;
    assert.deepEqual(['Everyone', 'Friends', 'Followers', 'Only me', 'only you', 'Private', 'N/A', undefined].map(who), [
      'everyone',
      'friends',
      'friends',
      'only_me',
      'only_me',
      'only_me',
      'everyone',
      'everyone',
    ]);
  });

  it('takes hashtags from a caption as written, once each, in any script', () => {
    assert.deepEqual(hashtagsOf('#CatTax and #cattax, #猫 #кот #2024 a#b x #tiktok_refugee'), ['CatTax', '猫', 'кот', 'tiktok_refugee']);
  });

  it('refuses a JSON with no TikTok section as not TikTok', () => {
    assert.throws(
      () => parseTikTokData({ hello: 'world' }),
      (err: unknown) => err instanceof TikTokImportError && err.code === 'not_tiktok',
    );
  });

  it('caps each list so a hostile file cannot grow memory without end', () => {
    const list = Array.from({ length: 50 }, (_, i) => ({ Date: '2025-01-01 00:00:00', UserName: `user${i}` }));
    const e = parseTikTokData({ Activity: { 'Follower List': { FansList: list } } }, undefined, { maxItems: 10 });
    assert.equal(e.followers.length, 10);
  });
});

describe('the import preview', () => {
  it('has the contract shape, whole counts and capped lists', async () => {
    const a = await read('2026');
    const p = previewOf(a, 1);
    assert.ok(checkPreview.Check(p));
    assert.deepEqual(p.following, { count: 3, usernames: ['purrfect_pawdcast', 'cincy_catcafe', 'daily.loaf.report'], onBiji: 1 });
    assert.equal(p.posts.items[0]?.caption, a.posts[0]?.caption);
    assert.equal(p.comments.items.length, 1);

    const many: TikTokExport = {
      ...a,
      following: Array.from({ length: 120 }, (_, i) => ({ username: `u${i}`, date: null })),
      posts: Array.from({ length: 70 }, (_, i) => ({
        date: null,
        caption: `p${i}`,
        hashtags: [],
        likes: null,
        whoCanView: i % 2 ? 'only_me' : 'everyone',
        link: null,
      })),
      comments: Array.from({ length: 30 }, (_, i) => ({ date: null, text: `c${i}`, postUrl: null })),
    };
    const big = previewOf(many, 0);
    assert.ok(checkPreview.Check(big));
    assert.deepEqual([big.following.count, big.following.usernames.length], [120, 50]);
    assert.deepEqual([big.posts.count, big.posts.items.length, big.posts.onlyMe], [70, 50, 35]);
    assert.deepEqual([big.comments.count, big.comments.items.length], [30, 20]);
  });
});
