// A note's one video: plays the transcoded MP4 over its poster, or shows the poster with a
// "processing" notice until the background transcode is done. With subtitles, a bar under the picture
// picks the track, has it translated into the reader's language ("Translate subtitles") and shows the
// original and the translation together ("Bilingual"): the browser renders one track by itself; two
// are rendered here, from both tracks' active cues, since a browser shows one track at a time.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { TranslationLang } from '../../shared/api/language.ts';
import type { MediaView } from '../../shared/api/media.ts';
import type { SubtitleTrack } from '../../shared/api/subtitles.ts';
import { useSubtitles, useTranslateSubtitles } from '../api/subtitles.ts';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { AlertIcon } from './action-bar-icons.tsx';
import { BlurImage } from './blur-image.tsx';
import './carousel-video.css';

type Props = {
  media: MediaView;
  label: string;
  /** the note the video belongs to, for its subtitles (by default the note page's own, from the route) */
  noteId?: string;
};

export function CarouselVideo({ media, label, noteId }: Props) {
  const { t } = useTranslation();
  const params = useParams();
  if (media.status === 'ready' && media.urls.video) return <SubtitledVideo media={media} label={label} noteId={noteId ?? params.id} />;
  const failed = media.status === 'failed';
  return (
    <div className="carousel__processing">
      <BlurImage media={media} alt={label} sizes="(min-width: 1024px) 560px, 100vw" fit="width" eager />
      <div className="carousel__processing-note" role="status">
        {failed ? <AlertIcon size={20} /> : <span className="carousel__spinner" aria-hidden="true" />}
        <span>
          <strong>{failed ? t('note.videoFailed') : t('note.processing')}</strong>
          {failed ? null : <span className="carousel__processing-body">{t('note.processingBody')}</span>}
        </span>
      </div>
    </div>
  );
}

const primary = (lang: string) => lang.split('-')[0] ?? lang;

/** An original track and a translation of it: what "Bilingual" shows together. */
type Pair = { original: SubtitleTrack; translation: SubtitleTrack };

/** The track shown until the reader picks one: the author's in the reader's language, else the author's first. */
function defaultTrack(tracks: readonly SubtitleTrack[], ui: string): SubtitleTrack | null {
  const uploaded = tracks.filter((tr) => tr.kind === 'uploaded');
  return uploaded.find((tr) => primary(tr.lang) === ui) ?? uploaded[0] ?? null;
}

function pairOf(tracks: readonly SubtitleTrack[], selected: SubtitleTrack | null, ui: string): Pair | null {
  if (!selected) return null;
  if (selected.kind === 'translated') {
    const original = tracks.find((tr) => tr.kind === 'uploaded' && tr.lang === selected.source);
    return original ? { original, translation: selected } : null;
  }
  const translations = tracks.filter((tr) => tr.kind === 'translated' && tr.source === selected.lang);
  const translation = translations.find((tr) => tr.lang === ui) ?? translations[0];
  return translation ? { original: selected, translation } : null;
}

function SubtitledVideo({ media, label, noteId }: { media: MediaView; label: string; noteId: string | undefined }) {
  const { t } = useTranslation();
  const ui: TranslationLang = useUiLanguage();
  const list = useSubtitles(noteId);
  const tracks = list.data?.items ?? [];
  const translate = useTranslateSubtitles(noteId ?? '');
  // undefined: not chosen yet (the default track shows); null: off.
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const [bilingual, setBilingual] = useState(false);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);

  const selected = chosen === undefined ? defaultTrack(tracks, ui) : (tracks.find((tr) => tr.id === chosen) ?? null);
  const pair = pairOf(tracks, selected, ui);
  const both = bilingual && pair !== null ? pair : null;
  // Any of the author's tracks not in the reader's language may be had in it.
  const offerTranslate = selected?.kind === 'uploaded' && primary(selected.lang) !== ui;
  const shownTranslation = both ? both.translation : selected?.kind === 'translated' ? selected : null;
  // The browser shows the chosen track itself; for two at once both are hidden and drawn below.
  const modeOf = (tr: SubtitleTrack): TextTrackMode =>
    both ? (tr.id === both.original.id || tr.id === both.translation.id ? 'hidden' : 'disabled') : tr.id === selected?.id ? 'showing' : 'disabled';
  const modes = tracks.map((tr) => `${tr.id}=${modeOf(tr)}`).join(' ');
  useEffect(() => {
    if (!video) return;
    const wanted = new Map(modes.split(' ').map((m) => m.split('=') as [string, TextTrackMode]));
    const elements = Array.from(video.querySelectorAll('track'));
    // A paused video does not look for the cues of a track that just loaded or was just chosen (Chromium
    // waits for the next seek or frame): seeking to where it is shows them now.
    const refresh = () => {
      if (!video.paused || video.readyState < HTMLMediaElement.HAVE_METADATA) return;
      const at = video.currentTime;
      video.currentTime = at;
    };
    const want = (el: HTMLTrackElement): TextTrackMode => wanted.get(el.dataset.trackId ?? '') ?? 'disabled';
    const apply = () => {
      for (const el of elements) if (el.track.mode !== want(el)) el.track.mode = want(el);
    };
    // Another hand on the modes: the reader choosing in the player's own captions menu (followed), or the
    // browser turning on a track in the reader's language by itself (undone: this bar decides).
    const onChange = () => {
      const showing = elements.filter((el) => el.track.mode === 'showing');
      const single = elements.every((el) => want(el) !== 'hidden');
      if (single && showing.length === 1 && want(showing[0] as HTMLTrackElement) !== 'showing') setChosen(showing[0]?.dataset.trackId ?? null);
      else if (single && showing.length === 0 && elements.some((el) => want(el) === 'showing')) setChosen(null);
      else apply();
    };
    apply();
    for (const el of elements) el.addEventListener('load', refresh);
    video.textTracks.addEventListener('change', onChange);
    refresh();
    return () => {
      for (const el of elements) el.removeEventListener('load', refresh);
      video.textTracks.removeEventListener('change', onChange);
    };
  }, [video, modes]);

  const lines = useActiveLines(video, both);

  const name = (tr: SubtitleTrack) =>
    tr.kind === 'uploaded' ? tr.label : t(tr.providerKind === 'gloss' ? 'subtitles.glossed' : 'subtitles.translated', { lang: tr.label });

  const onTranslate = () => {
    if (!selected) return;
    translate.mutate({ lang: selected.lang, target: ui }, { onSuccess: (tr) => setChosen(tr.id) });
  };

  return (
    <div className="video-subs">
      <div className="video-subs__stage">
        {/* biome-ignore lint/a11y/useMediaCaption: the note's subtitle tracks are its author's (and their translations), when it has any */}
        <video
          ref={setVideo}
          className="carousel__video"
          src={media.urls.video}
          poster={media.urls.poster ?? media.urls['720']}
          controls
          playsInline
          preload="metadata"
          aria-label={label}
        >
          {tracks.map((tr) => (
            <track key={tr.id} kind="subtitles" src={tr.url} srcLang={tr.lang} label={name(tr)} data-track-id={tr.id} />
          ))}
        </video>
        {both && (lines.original || lines.translation) ? (
          <div className="video-subs__overlay" data-testid="bilingual-lines">
            {lines.original ? (
              <span className="video-subs__line" lang={both.original.lang}>
                {lines.original}
              </span>
            ) : null}
            {lines.translation ? (
              <span className="video-subs__line video-subs__line--translation" lang={both.translation.lang}>
                {lines.translation}
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      {tracks.length > 0 ? (
        <div className="video-subs__bar">
          <label className="video-subs__pick">
            <CaptionsIcon />
            <span className="visually-hidden">{t('subtitles.label')}</span>
            <select value={selected?.id ?? ''} onChange={(e) => setChosen(e.target.value || null)}>
              <option value="">{t('subtitles.off')}</option>
              {tracks.map((tr) => (
                <option key={tr.id} value={tr.id}>
                  {name(tr)}
                </option>
              ))}
            </select>
          </label>
          {offerTranslate ? (
            <button type="button" className="video-subs__action" onClick={onTranslate} disabled={translate.isPending} aria-busy={translate.isPending}>
              {translate.isPending ? t('subtitles.translating') : t('subtitles.translate')}
            </button>
          ) : null}
          {pair ? (
            <button
              type="button"
              className="video-subs__action"
              aria-pressed={bilingual}
              title={t('subtitles.bilingualHint')}
              onClick={() => setBilingual((on) => !on)}
            >
              {t('subtitles.bilingual')}
            </button>
          ) : null}
          {shownTranslation?.provider ? (
            <span className="video-subs__credit">
              {shownTranslation.providerKind === 'gloss'
                ? t('translate.glossBy', { provider: shownTranslation.provider })
                : t('translate.by', { provider: shownTranslation.provider })}
            </span>
          ) : null}
          {translate.error ? (
            <span className="video-subs__error" role="alert">
              {describeError(t, translate.error)}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The text of a track's cues showing now ("" when none), as plain text. */
function activeText(track: TextTrack | null | undefined): string {
  const cues = track?.activeCues;
  if (!cues) return '';
  const out: string[] = [];
  for (const cue of Array.from(cues)) out.push(cue instanceof VTTCue ? (cue.getCueAsHTML().textContent ?? '') : '');
  return out.filter(Boolean).join('\n');
}

/** Both tracks' current lines, followed as the video plays or seeks and as the tracks load. */
function useActiveLines(video: HTMLVideoElement | null, pair: Pair | null): { original: string; translation: string } {
  const [lines, setLines] = useState({ original: '', translation: '' });
  const originalId = pair?.original.id;
  const translationId = pair?.translation.id;
  useEffect(() => {
    if (!video || !originalId || !translationId) {
      setLines((old) => (old.original === '' && old.translation === '' ? old : { original: '', translation: '' }));
      return;
    }
    const el = (id: string) => video.querySelector<HTMLTrackElement>(`track[data-track-id="${id}"]`);
    const update = () => {
      const original = activeText(el(originalId)?.track);
      const translation = activeText(el(translationId)?.track);
      setLines((old) => (old.original === original && old.translation === translation ? old : { original, translation }));
    };
    const targets: Array<EventTarget | null | undefined> = [el(originalId), el(translationId), el(originalId)?.track, el(translationId)?.track, video];
    const events = ['load', 'cuechange', 'seeked'];
    for (const target of targets) for (const name of events) target?.addEventListener(name, update);
    update();
    return () => {
      for (const target of targets) for (const name of events) target?.removeEventListener(name, update);
    };
  }, [video, originalId, translationId]);
  return lines;
}

function CaptionsIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="3" y="5" width="18" height="14" rx="3" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M10.5 10.2a2.2 2.2 0 1 0 0 3.6M17 10.2a2.2 2.2 0 1 0 0 3.6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
