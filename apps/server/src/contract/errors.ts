import Type, { type Static } from 'typebox';

/** The body of every 4xx/5xx response: a stable machine `code` and a human `message`. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable, UPPER_SNAKE error code', examples: ['VALIDATION_FAILED'] }),
    message: Type.String({ description: 'What went wrong and, where possible, how to fix it' }),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'ErrorBody', title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Response entries for the error statuses a route can answer with, for its schema. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}
