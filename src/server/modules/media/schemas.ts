// The media schemas other modules embed (notes put MediaView in every note). One definition,
// kept with the rest of the API contract in src/shared/api/media.ts, re-exported here so a module
// depends on media's public face, not on where the contract file lives.
import { type Static, Type } from 'typebox';

export { MediaUrls, MediaView } from '../../../shared/api/media.ts';

export const MediaFileParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9a-fA-F-]+$' }),
    // The file names we write: "720.webp", "poster-360.webp", "original.jpg", "video.mp4"…
    name: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+\\.(webp|jpg|png|mp4)$' }),
  },
  { additionalProperties: false },
);
export type MediaFileParams = Static<typeof MediaFileParams>;
