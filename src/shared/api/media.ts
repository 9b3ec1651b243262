// How a stored photo or video is presented to clients.
import { type Static, Type } from 'typebox';

export const MediaUrls = Type.Object({
  // avatar sizes (square)
  '96': Type.Optional(Type.String()),
  '256': Type.Optional(Type.String()),
  '512': Type.Optional(Type.String()),
  // note photo widths
  '360': Type.Optional(Type.String()),
  '720': Type.Optional(Type.String()),
  '1440': Type.Optional(Type.String()),
  original: Type.Optional(Type.String()),
  poster: Type.Optional(Type.String()),
  video: Type.Optional(Type.String()),
});

export const MediaView = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('image'), Type.Literal('video')]),
    width: Type.Integer(),
    height: Type.Integer(),
    aspectRatio: Type.Number(),
    status: Type.Union([Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')]),
    placeholder: Type.Union([Type.String(), Type.Null()]),
    dominantColor: Type.Union([Type.String(), Type.Null()]),
    durationMs: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    urls: MediaUrls,
  },
  { $id: 'MediaView' },
);
export type MediaView = Static<typeof MediaView>;
