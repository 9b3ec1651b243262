// A video note's subtitles: its tracks, a track translated into the reader's language (made once on
// the server, for everyone), and the author's upload and removal. The player loads each track's
// WebVTT itself through a <track> element.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TranslationLang } from '../../shared/api/language.ts';
import { SUBTITLE_LIMITS, type SubtitleTrack, type SubtitleTracks } from '../../shared/api/subtitles.ts';
import { apiFetch } from './client.ts';

export const subtitleKeys = {
  all: ['subtitles'] as const,
  list: (noteId: string) => [...subtitleKeys.all, noteId] as const,
};

const base = (noteId: string) => `/notes/${encodeURIComponent(noteId)}/subtitles`;

export function useSubtitles(noteId: string | undefined) {
  return useQuery({
    queryKey: subtitleKeys.list(noteId ?? ''),
    queryFn: ({ signal }) => apiFetch<SubtitleTracks>(base(noteId ?? ''), { signal }),
    enabled: !!noteId,
    staleTime: 60_000,
    retry: 1,
  });
}

/** Makes (or fetches the stored) translation of the track in `lang` into `target`. */
export function useTranslateSubtitles(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ lang, target }: { lang: string; target: TranslationLang }) =>
      apiFetch<SubtitleTrack>(`${base(noteId)}/${encodeURIComponent(lang)}/translations/${target}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: subtitleKeys.list(noteId) }),
  });
}

/** Why a chosen file cannot be sent, found before sending it (the server checks everything again). */
export type SubtitleFileProblem = 'wrongType' | 'tooLarge' | 'empty' | 'notText' | 'utf16';

/** The file's text, or what is wrong with it: a .vtt or .srt name, the size limit, UTF-8 text without NULs. */
export async function readSubtitleFile(file: File): Promise<{ text: string } | { problem: SubtitleFileProblem }> {
  if (!/\.(vtt|srt)$/i.test(file.name)) return { problem: 'wrongType' };
  if (file.size > SUBTITLE_LIMITS.bytes) return { problem: 'tooLarge' };
  if (file.size === 0) return { problem: 'empty' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { problem: 'utf16' };
  if (bytes.includes(0)) return { problem: 'notText' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'notText' };
  }
}

export function useUploadSubtitles(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ lang, content }: { lang: string; content: string }) =>
      apiFetch<SubtitleTrack>(`${base(noteId)}/${encodeURIComponent(lang)}`, { method: 'PUT', body: { content } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: subtitleKeys.list(noteId) }),
  });
}

export function useRemoveSubtitles(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lang: string) => apiFetch<null>(`${base(noteId)}/${encodeURIComponent(lang)}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: subtitleKeys.list(noteId) }),
  });
}
