import Type from 'typebox';

export const JobBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    queue: Type.String(),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    lastError: Type.Union([Type.String(), Type.Null()]),
    payload: Type.Unknown(),
    result: Type.Unknown(),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Job' },
);

export const WebhookAccepted = Type.Object(
  {
    status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
    eventId: Type.String(),
    jobId: Type.String({ format: 'uuid' }),
  },
  { $id: 'WebhookAccepted' },
);
