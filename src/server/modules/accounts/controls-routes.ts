// The HTTP surface of a person's own controls: muted words and #topics, who may comment, who may message.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Controls, UpdateControlsBody } from '../../../shared/api/moderation.ts';
import { requireAuth } from '../../platform/auth.ts';
import { errorResponses as errors, type RouteKit } from '../../platform/routes.ts';
import type { AccountControls } from './controls.ts';

const tags = ['accounts'];

export const controlsRoutes =
  (controls: AccountControls, kit: RouteKit): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/v1/me/controls',
      {
        schema: {
          tags,
          operationId: 'getControls',
          summary: 'My controls: muted words and who may comment or message',
          response: { 200: Controls, ...errors },
        },
      },
      async (req) => controls.get(requireAuth(req).userId),
    );

    app.patch(
      '/api/v1/me/controls',
      {
        schema: {
          tags,
          operationId: 'updateControls',
          summary: 'Change my controls (mutedWords replaces the whole list)',
          body: UpdateControlsBody,
          response: { 200: Controls, ...errors },
        },
      },
      async (req) => controls.update(await kit.writer(req), req.body),
    );
  };
