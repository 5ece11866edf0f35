import Type, { type Static } from 'typebox';

export const HealthBody = Type.Object({ status: Type.Literal('ok') }, { $id: 'HealthBody' });
export type HealthBody = Static<typeof HealthBody>;

export const ReadinessBody = Type.Object(
  {
    status: Type.Literal('ready'),
    database: Type.Object({ driver: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]), latencyMs: Type.Number() }),
  },
  { $id: 'ReadinessBody' },
);
export type ReadinessBody = Static<typeof ReadinessBody>;
