import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeSource } from '../../api/knowledge-types.js';
import { Problem } from '../../components/status.js';
import { parseResyncHours } from './source-words.js';

/**
 * A source's re-sync schedule: every N hours, or off (empty). Saved with its own button, so a
 * half-typed number never reaches the server; the server answers with the next sync time.
 */
export function ScheduleForm({ source, onSave }: { source: KnowledgeSource; onSave: (hours: number | null) => void }) {
  const saved = source.resyncEveryHours === null ? '' : String(source.resyncEveryHours);
  const [text, setText] = useState(saved);
  const [problem, setProblem] = useState<string | null>(null);
  // A reload after saving (or a change made elsewhere) shows the stored value again.
  useEffect(() => setText(saved), [saved]);
  const id = `resync-${source.id}`;

  return (
    <form
      class="resync-form"
      aria-label={`Re-sync schedule of ${source.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseResyncHours(text);
        if ('problem' in parsed) {
          setProblem(parsed.problem);
          return;
        }
        setProblem(null);
        onSave(parsed.hours);
      }}
    >
      <label for={id}>Re-sync every</label>
      <input id={id} type="number" inputMode="numeric" min={1} max={8760} step={1} placeholder="off" value={text} onInput={(event) => setText(event.currentTarget.value)} />
      <span>hours</span>
      <button type="submit" class="btn btn-small" disabled={text.trim() === saved}>
        Save schedule<span class="sr-only"> of {source.name}</span>
      </button>
      {source.resyncEveryHours === null ? null : (
        <button
          type="button"
          class="btn btn-small"
          onClick={() => {
            setProblem(null);
            onSave(null);
          }}
        >
          Turn off<span class="sr-only"> the schedule of {source.name}</span>
        </button>
      )}
      <Problem text={problem} />
    </form>
  );
}
