-- The figure each answer was decided on, with the cut it was held against
-- ({ measure, value, cut, outcome }: the offline path's answerability or the confidence). Answers
-- stored before it have none and are shown by their confidence.
alter table answers add column decision jsonb;
