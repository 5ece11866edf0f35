import Type, { type Static } from 'typebox';
import { DECISION_BASES, DECISION_MEASURES } from '@threadline/vocabulary';

/**
 * The figure an answer's outcome was decided on, beside `confidence` (which stays as it was).
 * The offline path (no model) hands off on `answerability`; the tenant's threshold holds a reply
 * back as a draft on `confidence`; a model's path decides both on `confidence`.
 */
export const DecisionBody = Type.Object(
  {
    measure: Type.Enum(DECISION_MEASURES, {
      description: "answerability: the offline path's calibrated probability that the knowledge found answers the message; confidence: the answer's confidence",
    }),
    value: Type.Number({ minimum: 0, maximum: 1 }),
    cut: Type.Number({ minimum: 0, maximum: 1, description: "The cut value was compared against: the hand-off cut (escalate below it), or the channel's confidence threshold (reply from it)" }),
    outcome: Type.Union([Type.Literal('escalate'), Type.Literal('draft'), Type.Null()], {
      description: 'What the figure itself decided: escalate (below the hand-off cut), draft (confidence below the threshold), or null when it passed its cut and any hand-off or draft came from a rule or the mode',
    }),
    basis: Type.Optional(
      Type.Enum(DECISION_BASES, {
        description: 'Set on a hand-off no figure decided, whose words say it instead: nothing-found (nothing in the knowledge matched the message) or no-answer-needed (thanks, a greeting, a booking ask)',
      }),
    ),
    words: Type.String({ description: 'The figure as the console shows it, e.g. "knowledge answers it 18% · hand-off below 52%"' }),
  },
  { $id: 'Decision', description: 'Null on answers stored before the figure was kept: read confidence then' },
);
export type DecisionBody = Static<typeof DecisionBody>;

/** The nullable field as answers carry it. */
export const NullableDecisionBody = Type.Union([DecisionBody, Type.Null()]);
