// The search's address is its state: read back exactly what was written, defaults left out, nonsense ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeFilters, distinctTerms, readSearchState, searchHref, searchRequest } from './search-state.ts';

const read = (href: string) => readSearchState(new URL(href, 'http://x').searchParams);

test('a search round-trips through its address', () => {
  const href = searchHref({ q: ' 成都 火锅 ', type: 'notes', sort: 'new', media: 'video', lang: 'zh', time: 'week' });
  assert.equal(href, `/search?q=${encodeURIComponent('成都 火锅').replace(/%20/g, '+')}&sort=new&media=video&lang=zh&time=week`);
  assert.deepEqual(read(href), { q: '成都 火锅', type: 'notes', sort: 'new', media: 'video', lang: 'zh', time: 'week' });
});

test('defaults stay out of the address; people and topics carry no sort or filters', () => {
  assert.equal(searchHref({ q: 'hotpot', sort: 'relevance' }), '/search?q=hotpot');
  assert.equal(searchHref({ q: 'hotpot', type: 'users', sort: 'new', media: 'photo' }), '/search?q=hotpot&type=users');
  assert.equal(searchHref({ q: '   ' }), '/search');
  assert.equal(searchHref({ q: '#猫 & dogs?' }), '/search?q=%23%E7%8C%AB+%26+dogs%3F');
  assert.equal(read('/search?q=%23%E7%8C%AB+%26+dogs%3F').q, '#猫 & dogs?');
});

test('anything unknown reads as its default', () => {
  assert.deepEqual(read('/search?type=places&sort=random&media=audio&lang=fr&time=decade'), {
    q: '',
    type: 'notes',
    sort: 'relevance',
    media: null,
    lang: null,
    time: null,
  });
});

test('counts the filters set, and asks the API only what applies', () => {
  const state = read('/search?q=+hotpot+&media=photo&time=day');
  assert.equal(activeFilters(state), 2);
  assert.deepEqual(searchRequest(state), { q: 'hotpot', type: 'notes', sort: 'relevance', media: 'photo', time: 'day' });
  assert.deepEqual(searchRequest({ ...state, type: 'topics' }), { q: 'hotpot', type: 'topics' });
});

test('names each widening word once, and not the query itself', () => {
  const terms = distinctTerms(
    [
      { term: '火锅', from: 'hotpot', via: 'dictionary' },
      { term: 'hot pot', from: '火锅', via: 'dictionary' },
      { term: '火鍋', from: 'hotpot', via: 'script' },
      { term: '火锅', from: 'hot pot', via: 'translation' },
      { term: 'Hotpot', from: 'hotpot', via: 'spelling' },
    ],
    ' hotpot ',
  );
  assert.deepEqual(
    terms.map((e) => e.term),
    ['火锅', 'hot pot', '火鍋'],
  );
});
