// The tab's title: the page's own (a note's title, a person's name) before the site's name, as the
// server sends it for shared links, so the client does not replace it with the bare site name.
import { useEffect } from 'react';
import { useUiLanguage } from '../i18n/index.ts';

export const siteTitle = (ui: 'en' | 'zh'): string => (ui === 'zh' ? '笔记 Biji' : 'Biji 笔记');

export function usePageTitle(title: string | null | undefined): void {
  const ui = useUiLanguage();
  useEffect(() => {
    const site = siteTitle(ui);
    document.title = title ? `${title} · ${site}` : site;
    return () => {
      document.title = site;
    };
  }, [title, ui]);
}
