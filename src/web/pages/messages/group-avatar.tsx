// A group's photo in its settings: owners and admins choose one (uploaded with purpose "avatar", with
// progress), which PATCH /conversations/:id sets; the list and the chat's header show it at once
// (the mutation refreshes every chat query). Members see it without the buttons.
import type { ConversationView } from '../../../shared/api/messages.ts';
import { uploadMedia } from '../../api/media.ts';
import { useUpdateConversation } from '../../api/messages.ts';
import { AvatarUploader } from '../../components/avatar-upload.tsx';

const uploadGroupPhoto = (file: File, onProgress: (fraction: number) => void) => uploadMedia(file, { purpose: 'avatar', onProgress });

export function GroupAvatar({ c, canManage }: { c: ConversationView; canManage: boolean }) {
  const update = useUpdateConversation(c.id);
  return (
    <AvatarUploader
      face={{ handle: c.id, displayName: c.name, avatar: c.avatar }}
      upload={uploadGroupPhoto}
      save={(avatar) => update.mutateAsync({ avatar })}
      strings="groupAvatar"
      editable={canManage}
      className="group-avatar"
      testId="group-avatar"
    />
  );
}
