-- On a hand-off below the cut, the answer drafted from the knowledge (never sent): the escalation
-- note shows it to the agent as a lead, also when the write-back is retried from the stored answer.
alter table answers add column closest_answer text;
