// Live rooms: the directory, one room, creating and joining. A room's messages and its live member
// count arrive on the stream (`room:<id>`), into the chat store.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HistoryPage, RoomView } from '../../shared/api/messages.ts';
import { apiFetch } from './client.ts';

export const roomKeys = {
  all: ['rooms'] as const,
  list: () => [...roomKeys.all, 'list'] as const,
  room: (id: string) => [...roomKeys.all, 'room', id] as const,
};

const r = (id: string) => `/rooms/${encodeURIComponent(id)}`;

export function useRooms() {
  return useQuery({
    queryKey: roomKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ items: RoomView[] }>('/rooms', { signal }),
    // Live member counts move: the directory refreshes while it is open.
    refetchInterval: 15_000,
  });
}

export function useRoom(id: string) {
  return useQuery({ queryKey: roomKeys.room(id), queryFn: ({ signal }) => apiFetch<RoomView>(r(id), { signal }) });
}

export function fetchRoomHistory(id: string, before: number, signal?: AbortSignal) {
  return apiFetch<HistoryPage>(`${r(id)}/messages`, { query: { before }, signal });
}

export function useCreateRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description: string; slowModeS?: number }) => apiFetch<RoomView>('/rooms', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: roomKeys.all }),
  });
}

export function useJoinRoom(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<unknown>(`${r(id)}/join`, { method: 'POST' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: roomKeys.all }),
  });
}

/** Pins a message (null: unpins); moderators only. The room's live frame brings the change to everyone. */
export function pinMessage(id: string, messageId: string | null) {
  return messageId ? apiFetch<RoomView>(`${r(id)}/pin`, { method: 'PUT', body: { messageId } }) : apiFetch<RoomView>(`${r(id)}/pin`, { method: 'DELETE' });
}

export function deleteRoomMessage(id: string, messageId: string) {
  return apiFetch<unknown>(`${r(id)}/messages/${encodeURIComponent(messageId)}`, { method: 'DELETE' });
}
