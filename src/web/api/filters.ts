// Word lists (admins): the lists with their action, on/off, extra terms and allowed words; trying a text.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateFilterListBody, FilterList, FilterTestResult, UpdateFilterListBody } from '../../shared/api/moderation.ts';
import { apiFetch, isApiError } from './client.ts';

export const filterKeys = { all: ['filters'] as const };

export function useFilterLists() {
  return useQuery({
    queryKey: filterKeys.all,
    queryFn: ({ signal }) => apiFetch<{ items: FilterList[] }>('/moderation/filters', { signal }),
    select: (data) => data.items,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

function useListsChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: filterKeys.all });
}

export function useCreateFilterList() {
  const changed = useListsChanged();
  return useMutation({
    mutationFn: (body: CreateFilterListBody) => apiFetch<FilterList>('/moderation/filters', { method: 'POST', body }),
    onSuccess: changed,
  });
}

export function useUpdateFilterList(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateFilterListBody) => apiFetch<FilterList>(`/moderation/filters/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: (list) => {
      queryClient.setQueryData<{ items: FilterList[] }>(filterKeys.all, (old) => (old ? { items: old.items.map((l) => (l.id === list.id ? list : l)) } : old));
    },
  });
}

export function useDeleteFilterList() {
  const changed = useListsChanged();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/moderation/filters/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: changed,
  });
}

export function useTestFilters() {
  return useMutation({
    mutationFn: (text: string) => apiFetch<FilterTestResult>('/moderation/filters/test', { method: 'POST', body: { text } }),
  });
}
