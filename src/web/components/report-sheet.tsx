// "Report": a sheet with the reasons (one to choose), an optional line for the moderators, and send.
// `useReporter` gives a page one sheet for all its reportable things: `open(target)` shows it, and
// the outcome is told through the page's toast. Nobody is offered to report their own things.

import type { TFunction } from 'i18next';
import { type FormEvent, type ReactNode, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_REASONS, type ReportReason, type ReportTargetType, SAFETY_LIMITS } from '../../shared/api/moderation.ts';
import { isApiError } from '../api/client.ts';
import { useReport } from '../api/reports.ts';
import { describeError } from '../lib/errors.ts';
import { Button } from './button.tsx';
import { Sheet, SheetHead } from './sheet.tsx';
import './report-sheet.css';

export type ReportTarget = { type: ReportTargetType; id: string /** a person's handle, for the title */; handle?: string };

export function useReporter(notify: (text: string) => void): { open: (target: ReportTarget) => void; sheet: ReactNode } {
  const [target, setTarget] = useState<ReportTarget | null>(null);
  const open = useCallback((next: ReportTarget) => setTarget(next), []);
  const sheet = <ReportSheet target={target} onClose={() => setTarget(null)} onDone={notify} />;
  return { open, sheet };
}

export function ReportSheet({ target, onClose, onDone }: { target: ReportTarget | null; onClose: () => void; onDone: (text: string) => void }) {
  const titleId = useId();
  return (
    <Sheet open={target !== null} onClose={onClose} labelledBy={titleId} className="report-sheet">
      {target ? <ReportForm key={`${target.type}:${target.id}`} target={target} titleId={titleId} onClose={onClose} onDone={onDone} /> : null}
    </Sheet>
  );
}

function titleOf(t: TFunction, target: ReportTarget): string {
  switch (target.type) {
    case 'note':
      return t('report.titleNote');
    case 'comment':
      return t('report.titleComment');
    case 'message':
    case 'room_message':
      return t('report.titleMessage');
    case 'user':
      return t('report.titleUser', { handle: target.handle ?? target.id });
  }
}

function ReportForm({ target, titleId, onClose, onDone }: { target: ReportTarget; titleId: string; onClose: () => void; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const report = useReport();
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const textId = useId();
  const chars = [...text.trim()].length;
  const tooLong = chars > SAFETY_LIMITS.reportText;
  // "Something else" says what in words.
  const needsText = reason === 'other' && chars === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!reason || tooLong || needsText || report.isPending) return;
    const body = { targetType: target.type, targetId: target.id, reason, ...(text.trim() ? { text: text.trim() } : {}) };
    report.mutate(body, {
      onSuccess: (receipt) => {
        onDone(receipt.created ? t('report.sent') : t('report.already'));
        onClose();
      },
    });
  };

  const error = report.isError ? (isApiError(report.error, 'self_target') ? t('report.self') : describeError(t, report.error)) : null;

  return (
    <form className="sheet__panel report-sheet__panel" onSubmit={submit} noValidate>
      <SheetHead titleId={titleId} title={titleOf(t, target)} closeLabel={t('common.cancel')} onClose={onClose} />
      <p className="report-sheet__lead">{t('report.lead')}</p>
      <fieldset className="report-sheet__reasons">
        <legend className="visually-hidden">{t('report.reasonLegend')}</legend>
        {REPORT_REASONS.map((r) => (
          <label key={r} className={`report-reason ${reason === r ? 'report-reason--on' : ''}`}>
            <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
            <span>{t(`report.reasons.${r}`)}</span>
          </label>
        ))}
      </fieldset>
      <label className="report-sheet__label" htmlFor={textId}>
        {t('report.textLabel')}
        {reason === 'other' ? null : <span className="muted"> ({t('common.optional')})</span>}
      </label>
      <textarea
        id={textId}
        className="report-sheet__text"
        rows={3}
        value={text}
        maxLength={SAFETY_LIMITS.reportText * 2}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={tooLong || (tried && needsText) || undefined}
      />
      <p className={tooLong || (tried && needsText) ? 'sheet__error' : 'report-sheet__hint muted'}>
        {tried && needsText ? t('report.textRequired') : t('report.textHint', { max: SAFETY_LIMITS.reportText })}
        <span className="report-sheet__count">
          {chars}/{SAFETY_LIMITS.reportText}
        </span>
      </p>
      {error ? (
        <p className="sheet__error" role="alert">
          {error}
        </p>
      ) : null}
      <Button type="submit" block loading={report.isPending} disabled={!reason} data-testid="report-submit">
        {report.isPending ? t('report.sending') : t('report.submit')}
      </Button>
    </form>
  );
}
