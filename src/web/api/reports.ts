// Reports: telling the moderators about a note, comment, message, room message or person.
import { useMutation } from '@tanstack/react-query';
import type { CreateReportBody, ReportReceipt } from '../../shared/api/moderation.ts';
import { apiFetch } from './client.ts';

export function useReport() {
  return useMutation({
    mutationFn: (body: CreateReportBody) => apiFetch<ReportReceipt>('/reports', { method: 'POST', body }),
  });
}
