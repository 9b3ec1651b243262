import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { type Account, bearer, cookieAuth, ORIGIN, signUp, type TestApp, testApp } from '../../../test/support/app.ts';
import { DB_KINDS } from '../../../test/support/db.ts';
import { postNote, uploadImage } from '../../../test/support/notes.ts';
import type { Note } from '../../shared/api/notes.ts';
import { fallbackSrc, NOTE_PAGE_PHOTO_SIZES, srcSetOf } from '../../shared/photo-sources.ts';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="description" content="Biji 笔记 — bilingual social notes" />
    <title>Biji 笔记</title>
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;
const SCRIPT = `console.log(${JSON.stringify('biji '.repeat(400))});\n`;
/** Vite's manifest of that build: the entry, a shared chunk, and the note and home pages. */
const MANIFEST = {
  'index.html': { file: 'assets/index-abc123.js', isEntry: true, imports: ['_vendor-v1.js'] },
  '_vendor-v1.js': { file: 'assets/vendor-v1.js' },
  '_menu-m1.js': { file: 'assets/menu-m1.js', css: ['assets/menu-m1.css'] },
  'pages/note/note-page.tsx': { file: 'assets/note-page-n1.js', imports: ['_vendor-v1.js', '_menu-m1.js', 'index.html'], css: ['assets/note-page-n1.css'] },
  'pages/home-page.tsx': { file: 'assets/home-page-h1.js', imports: ['_vendor-v1.js', 'index.html'] },
};

/** A built client as scripts/build-web.ts leaves it: index.html and a script, each with .br and .gz copies. */
function fakeBuild(dir: string): void {
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  for (const [name, text] of [
    ['index.html', INDEX_HTML],
    ['assets/index-abc123.js', SCRIPT],
  ] as const) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(text));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(text));
  }
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, '.vite/manifest.json'), JSON.stringify(MANIFEST));
}

const HOST = new URL(ORIGIN).host;
const page = (t: TestApp, url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { host: HOST, ...headers } });
const meta = (html: string, key: string): string | undefined =>
  new RegExp(`<meta (?:name|property)="${key.replace('.', '\\.')}" content="([^"]*)"`).exec(html)?.[1];
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

function assertPlain(res: LightMyRequestResponse, why: string): void {
  assert.equal(res.statusCode, 200, why);
  assert.equal(titleOf(res.body), 'Biji 笔记', why);
  assert.equal(meta(res.body, 'og:title'), undefined, why);
  assert.equal(meta(res.body, 'twitter:card'), undefined, why);
  assert.equal(res.headers['cache-control'], 'no-cache', why);
}

const cookieOf = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name);

for (const kind of DB_KINDS) {
  describe(`web pages [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let dist: string;
    before(async () => {
      dist = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-web-'));
      fakeBuild(dist);
      t = await testApp(kind, { WEB_DIST: dist });
      ana = await signUp(t.app, undefined, { displayName: 'Ana "<b>" Li' });
    });
    after(async () => {
      await t.close();
      fs.rmSync(dist, { recursive: true, force: true });
    });

    it('serves a public note with its own title, description, canonical URL, Open Graph and Twitter card tags', async () => {
      const note = await postNote(t.app, ana, { title: 'Chengdu in 3 days', body: 'Hotpot, pandas and tea houses.\nMore later.' });
      const res = await page(t, `/n/${note.id}`);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.equal(titleOf(res.body), 'Chengdu in 3 days · Biji 笔记');
      assert.equal(meta(res.body, 'og:title'), 'Chengdu in 3 days');
      assert.equal(meta(res.body, 'description'), 'Hotpot, pandas and tea houses.');
      assert.equal(meta(res.body, 'og:description'), 'Hotpot, pandas and tea houses.');
      assert.equal(meta(res.body, 'og:type'), 'article');
      assert.equal(meta(res.body, 'og:url'), `${ORIGIN.replace(':80', '')}/n/${note.id}`);
      assert.match(res.body, new RegExp(`<link rel="canonical" href="http://localhost/n/${note.id}" />`));
      assert.equal(meta(res.body, 'twitter:card'), 'summary_large_image');
      const image = meta(res.body, 'og:image') ?? '';
      assert.match(image, /^http:\/\/localhost\/media\//, 'the first photo, as an absolute URL');
      assert.equal(meta(res.body, 'twitter:image'), image);
      assert.equal((await t.app.inject({ url: image.replace('http://localhost', '') })).statusCode, 200, 'the image is one anyone may load');
      assert.equal(res.body.match(/<meta name="description"/g)?.length, 1, 'the generic description is replaced, not repeated');
      assert.match(res.body, /<script type="module" crossorigin src="\/assets\/index-abc123\.js"><\/script>/, 'the page is still the app');
    });

    it('serves a profile with its name, handle, bio and avatar', async () => {
      const bo = await signUp(t.app, undefined, { displayName: '波 Bo' });
      const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(bo), payload: { bio: 'Tea,  cats\nand trains 🚆' } });
      assert.equal(patch.statusCode, 200);
      const res = await page(t, `/u/${bo.handle.toUpperCase()}`);
      assert.equal(titleOf(res.body), `波 Bo (@${bo.handle}) · Biji 笔记`);
      assert.equal(meta(res.body, 'og:type'), 'profile');
      assert.equal(meta(res.body, 'description'), 'Tea, cats and trains 🚆');
      assert.equal(meta(res.body, 'og:url'), `http://localhost/u/${bo.handle}`, 'the canonical URL has the handle as stored');
      assert.equal(meta(res.body, 'twitter:card'), 'summary');
      assert.equal(meta(res.body, 'og:image'), undefined, 'no avatar, no image');
      assert.equal(res.headers['cache-control'], 'no-cache');

      const avatar = await uploadImage(t.app, bo, undefined, 'avatar');
      assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/me/avatar', headers: bearer(bo), payload: { mediaId: avatar.id } })).statusCode, 200);
      const withAvatar = await page(t, `/u/${bo.handle}`);
      const image = meta(withAvatar.body, 'og:image') ?? '';
      assert.match(image, /^http:\/\/localhost\/media\//, 'the avatar, as an absolute URL');
      assert.equal((await t.app.inject({ url: image.replace('http://localhost', '') })).statusCode, 200);
    });

    it('never gives a card for a note the public may not see: followers-only, only-me, deleted', async () => {
      const followers = await postNote(t.app, ana, { title: 'For my followers', visibility: 'followers' });
      const onlyMe = await postNote(t.app, ana, { title: 'Just for me', visibility: 'only_me' });
      const deleted = await postNote(t.app, ana, { title: 'Soon gone' });
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${deleted.id}`, headers: bearer(ana) })).statusCode, 204);
      for (const [id, why] of [
        [followers.id, 'followers-only'],
        [onlyMe.id, 'only-me'],
        [deleted.id, 'deleted'],
      ]) {
        const res = await page(t, `/n/${id}`, cookieAuth(ana));
        assertPlain(res, `${why}, even when its author asks`);
        assert.doesNotMatch(res.body, /For my followers|Just for me|Soon gone/, why);
      }
    });

    it('escapes everything it writes into the page', async () => {
      const note = await postNote(t.app, ana, { title: '"<script>alert(1)</script>', body: `it's <b>bold</b> & "quoted"` });
      const res = await page(t, `/n/${note.id}`);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.doesNotMatch(res.body, /<b>/);
      assert.equal(meta(res.body, 'og:title'), '&#34;&#60;script&#62;alert(1)&#60;/script&#62;');
      assert.equal(meta(res.body, 'og:description'), 'it&#39;s &#60;b&#62;bold&#60;/b&#62; &#38; &#34;quoted&#34;');
      assert.equal(titleOf(res.body), '&#34;&#60;script&#62;alert(1)&#60;/script&#62; · Biji 笔记');
      const profile = await page(t, `/u/${ana.handle}`);
      assert.equal(meta(profile.body, 'og:title'), `Ana &#34;&#60;b&#62;&#34; Li (@${ana.handle})`);
    });

    it('answers an unknown note, person or page with the plain app page', async () => {
      assertPlain(await page(t, '/n/0190a4f2-0000-7000-8000-000000000000'), 'unknown note');
      assertPlain(await page(t, '/n/not-an-id'), 'not an id');
      assertPlain(await page(t, '/u/no_such_person'), 'unknown handle');
      assertPlain(await page(t, '/settings'), 'any other page');
    });

    it("preloads a landing page's own chunks with the entry, and only those the entry does not load", async () => {
      const note = await postNote(t.app, ana, { title: 'Preloaded' });
      const res = await page(t, `/n/${note.id}`, { 'accept-encoding': 'gzip, br' });
      assert.equal(res.headers['content-encoding'], 'br');
      assert.match(String(res.headers.vary), /accept-encoding/i);
      const html = zlib.brotliDecompressSync(res.rawPayload).toString();
      assert.equal(titleOf(html), 'Preloaded · Biji 笔记');
      assert.match(html, /<link rel="modulepreload" crossorigin href="\/assets\/note-page-n1\.js">/);
      assert.match(html, /<link rel="modulepreload" crossorigin href="\/assets\/menu-m1\.js">/);
      assert.match(html, /<link rel="preload" as="style" crossorigin href="\/assets\/note-page-n1\.css">/);
      assert.match(html, /<link rel="preload" as="style" crossorigin href="\/assets\/menu-m1\.css">/);
      assert.doesNotMatch(html, /vendor-v1|home-page/, 'what the entry loads, or another page, is not repeated');
      assert.match(html, new RegExp(`<link rel="preload" as="fetch" crossorigin href="/api/v1/notes/${note.id}">`), 'and its first read');
      const profile = await page(t, `/u/${ana.handle.toUpperCase()}`);
      assert.match(
        profile.body,
        new RegExp(`<link rel="preload" as="fetch" crossorigin href="/api/v1/users/${ana.handle.toUpperCase()}">`),
        'as the client asks it',
      );
      const home = await page(t, '/');
      assert.match(home.body, /<link rel="modulepreload" crossorigin href="\/assets\/home-page-h1\.js">/);
      assert.match(home.body, /<link rel="preload" as="fetch" crossorigin href="\/api\/v1\/feed\/explore\?limit=20">/);
      assert.equal(titleOf(home.body), 'Biji 笔记');
      assert.equal(home.headers['cache-control'], 'no-cache');
      const hidden = await postNote(t.app, ana, { title: 'Hidden but preloaded', visibility: 'only_me' });
      const plain = await page(t, `/n/${hidden.id}`);
      assertPlain(plain, 'a hidden note: no card, though its page chunk is preloaded');
      assert.match(plain.body, /note-page-n1\.js/);
      assert.doesNotMatch(plain.body, /Hidden but preloaded/);
    });

    it("preloads a note's first photo as its carousel draws it, with the page's scripts", async () => {
      // A phone-sized photo (a small one would have no widths to choose between), then another.
      const big = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#c0392b' } })
        .jpeg()
        .toBuffer();
      const mediaIds = [(await uploadImage(t.app, ana, big)).id, (await uploadImage(t.app, ana)).id];
      const posted = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'Two photos', body: 'Red, then grey.', mediaIds },
      });
      assert.equal(posted.statusCode, 201, posted.body);
      const note = posted.json() as Note;
      const first = note.media[0];
      assert.ok(first?.urls['360'] && first.urls['720'], 'the photo has the widths the client chooses from');
      const res = await page(t, `/n/${note.id}`);
      const links = res.body.match(/<link rel="preload" as="image"[^>]*>/g) ?? [];
      assert.equal(links.length, 1, 'the first photo only');
      const attr = (name: string) => links[0]?.match(new RegExp(` ${name}="([^"]*)"`))?.[1]?.replaceAll('&#44;', ',');
      assert.equal(attr('href'), fallbackSrc(first.urls));
      assert.equal(attr('imagesrcset'), srcSetOf(first.urls), "the client's srcset, so the browser picks the same file");
      assert.equal(attr('imagesizes'), NOTE_PAGE_PHOTO_SIZES);
      assert.equal(attr('fetchpriority'), undefined, 'at its own (low) priority: the scripts come first on a slow link');
      assert.ok(res.body.indexOf('as="image"') < res.body.indexOf('</head>'));
      for (const url of srcSetOf(first.urls)
        .split(', ')
        .map((s) => s.split(' ')[0] ?? '')) {
        assert.equal((await t.app.inject({ url })).statusCode, 200, `${url} is one anyone may load`);
      }

      const hidden = await postNote(t.app, ana, { title: 'Followers only', visibility: 'followers' });
      assert.doesNotMatch((await page(t, `/n/${hidden.id}`)).body, /as="image"/, 'nothing of a note the public may not see');
    });

    it('serves robots.txt as text: the site allowed, the API not', async () => {
      const res = await page(t, '/robots.txt');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      assert.match(res.body, /^User-agent: \*$/m);
      assert.match(res.body, /^Allow: \/$/m);
      assert.match(res.body, /^Disallow: \/api\/$/m);
      assert.doesNotMatch(res.body, /<html/);
    });

    it('sends assets and the app page precompressed, as the browser accepts them', async () => {
      const br = await page(t, '/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.statusCode, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.match(String(br.headers['content-type']), /javascript/);
      assert.match(String(br.headers.vary), /accept-encoding/i);
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), SCRIPT);
      const gz = await page(t, '/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), SCRIPT);
      const plain = await page(t, '/assets/index-abc123.js', { 'accept-encoding': 'identity' });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, SCRIPT);
      const html = await page(t, '/settings', { 'accept-encoding': 'br' });
      assert.equal(html.headers['content-encoding'], 'br');
      assert.equal(html.headers['cache-control'], 'no-cache');
      assert.equal(zlib.brotliDecompressSync(html.rawPayload).toString(), INDEX_HTML);
    });

    it('keeps the readable session hint true to the session: set at sign-in, cleared at sign-out and for a dead session', async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { origin: ORIGIN },
        payload: { handle: ana.handle, password: 'correct-horse-battery-7' },
      });
      assert.equal(login.statusCode, 200);
      const hint = cookieOf(login, 'biji_signed_in');
      assert.ok(hint, 'sign-in sets the hint');
      assert.equal(hint.value, '1', 'the hint holds no secret');
      assert.notEqual(hint.httpOnly, true, 'scripts may read the hint');
      assert.equal(cookieOf(login, 'biji_session')?.httpOnly, true, 'the session itself stays out of reach of scripts');
      const session = cookieOf(login, 'biji_session')?.value ?? '';

      // A session made before the hint existed gets one on its next page load.
      const missing = await page(t, '/', { cookie: `biji_session=${session}` });
      assert.equal(cookieOf(missing, 'biji_signed_in')?.value, '1');
      const both = await page(t, '/', { cookie: `biji_session=${session}; biji_signed_in=1` });
      assert.equal(both.cookies.length, 0, 'nothing to change');

      const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie: `biji_session=${session}`, origin: ORIGIN } });
      assert.equal(out.statusCode, 204);
      assert.ok(cookieOf(out, 'biji_signed_in')?.expires && (cookieOf(out, 'biji_signed_in')?.expires as Date) < new Date(), 'sign-out clears the hint');

      // The session is gone but the browser still holds both cookies: the next page load clears them.
      const stale = await page(t, '/', { cookie: `biji_session=${session}; biji_signed_in=1` });
      assert.equal(stale.statusCode, 200);
      for (const name of ['biji_session', 'biji_signed_in']) {
        const c = cookieOf(stale, name);
        assert.ok(c?.expires && c.expires < new Date(), `${name} cleared`);
      }
      const anonymous = await page(t, '/', { cookie: 'biji_signed_in=1' });
      assert.ok((cookieOf(anonymous, 'biji_signed_in')?.expires as Date) < new Date(), 'a hint without a session goes');
      assert.equal((await page(t, '/')).cookies.length, 0, 'an anonymous visit gets no cookie');
    });
  });
}
