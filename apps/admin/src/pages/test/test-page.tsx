import { useEffect, useState } from 'preact/hooks';
import { canEdit } from '../../api/account-types.js';
import type { Replay, ReplayList } from '../../api/replays-api.js';
import { Failure, Loading, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { actorName, formatDateTime } from '../../format.js';
import { navigate } from '../../router/router.js';
import type { PageProps } from '../page-props.js';
import { ChannelFigures } from './channel-figures.js';
import { ComparePanel } from './compare-panel.js';
import { KnowledgeGaps } from './knowledge-gaps.js';
import { TicketList } from './ticket-list.js';

export const TEST_PATH = '/test';
/** How often a running replay is asked how far it got. */
const POLL_MS = 1000;
const DEFAULT_TICKETS = 20;

const isRunning = (replay: Pick<Replay, 'status'>) => replay.status === 'queued' || replay.status === 'running';

function describeReplay(replay: ReplayList['replays'][number]): string {
  const size = replay.tickets === null ? `up to ${replay.limit} tickets` : `${replay.tickets} tickets`;
  const state = replay.status === 'succeeded' ? '' : `, ${replay.status === 'failed' ? 'failed' : 'running'}`;
  return `${formatDateTime(replay.createdAt)}, ${size}${replay.requestedBy ? `, by ${actorName(replay.requestedBy)}` : ''}${state}`;
}

/** A replay as it runs (progress), fails (why), or is done (the report). */
function ReplayView({ id, api, onFinished }: { id: string; api: PageProps['api']; onFinished: () => void }) {
  const [replay, setReplay] = useState<Replay | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasRunning = false;
    setReplay(null);
    setError(null);
    const poll = () => {
      api.replays.get(id).then(
        (answer) => {
          if (!isCurrent) return;
          setReplay(answer);
          if (isRunning(answer)) {
            wasRunning = true;
            timer = setTimeout(poll, POLL_MS);
          } else if (wasRunning) onFinished();
        },
        (failure: unknown) => {
          if (isCurrent) setError(failure);
        },
      );
    };
    poll();
    return () => {
      isCurrent = false;
      if (timer) clearTimeout(timer);
    };
  }, [id, attempt]);

  if (error) return <Failure message={`The replay could not be loaded: ${reasonOf(error)}`} onRetry={() => setAttempt((count) => count + 1)} />;
  if (!replay) return <Loading label="Loading the replay…" />;
  if (isRunning(replay)) {
    const progress = replay.progress;
    return (
      <div class="replay-progress">
        <label for="replay-progress">{progress ? `Replaying ticket ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…` : 'Waiting to start the replay…'}</label>
        <progress id="replay-progress" max={progress?.total ?? 1} value={progress?.done ?? 0} />
      </div>
    );
  }
  if (replay.status === 'failed' || !replay.report) return <Failure message={`The replay failed: ${replay.error ?? 'no reason was given'}`} />;
  const { report } = replay;
  return (
    <div class="replay-report" data-testid="replay-report">
      <p class="muted">
        {report.tickets.length === 1 ? '1 solved ticket' : `${report.tickets.length} solved tickets`} replayed {formatDateTime(replay.createdAt)}
        {replay.requestedBy ? ` by ${actorName(replay.requestedBy)}` : ''}. Nothing was sent to the helpdesk.
      </p>
      {report.tickets.length === 0 ? <p class="state state-empty">There were no solved tickets with a customer question and an agent's public reply to replay.</p> : null}
      <ChannelFigures report={report} />
      <KnowledgeGaps gaps={report.gaps} />
      <ComparePanel key={replay.id} replayId={replay.id} report={report} api={api.replays} />
      <TicketList tickets={report.tickets} />
    </div>
  );
}

/** Before going live: replay recent solved tickets through the agent and read what it would have done. */
export function TestPage({ api, search }: PageProps) {
  const selected = new URLSearchParams(search).get('replay');
  const list = useLoad(() => api.replays.list(10), 'replays');
  const [count, setCount] = useState(String(DEFAULT_TICKETS));
  const [problem, setProblem] = useState<string | null>(null);
  const [isStarting, setIsStarting] = useState(false);
  const isEditable = canEdit(api.who);
  const shown = selected ?? list.data?.replays[0]?.id ?? null;
  const select = (id: string) => navigate(`${TEST_PATH}?replay=${encodeURIComponent(id)}`, { replace: true });

  const start = () => {
    const limit = Number(count);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      setProblem('Choose a whole number of tickets from 1 to 1000.');
      return;
    }
    setProblem(null);
    setIsStarting(true);
    api.replays.start(limit).then(
      (job) => {
        setIsStarting(false);
        select(job.id);
        list.reload();
      },
      (error: unknown) => {
        setIsStarting(false);
        setProblem(`The replay did not start: ${reasonOf(error)}`);
      },
    );
  };

  return (
    <div>
      <div class="page-head">
        <h1>Test</h1>
        <p class="muted">Before going live: see what the agent would have done on tickets your team already solved. Nothing is sent.</p>
      </div>
      <section aria-labelledby="replay-start-heading" class="panel replay-start">
        <h2 id="replay-start-heading">Replay solved tickets</h2>
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            start();
          }}
        >
          <label for="replay-count">Latest solved tickets to replay</label>
          <input id="replay-count" type="number" min={1} max={1000} step={1} value={count} disabled={!isEditable} onInput={(event) => setCount(event.currentTarget.value)} />
          <button type="submit" class="btn btn-primary" disabled={!isEditable || isStarting}>
            {isStarting ? 'Starting…' : 'Run replay'}
          </button>
        </form>
        {!isEditable ? <p class="muted">Viewers can read replays and compare policies; an admin or owner runs a replay.</p> : null}
        {problem ? (
          <p class="state state-error" role="alert">
            {problem}
          </p>
        ) : null}
        {list.error ? <Failure message={`The replays could not be listed: ${reasonOf(list.error)}`} onRetry={list.reload} /> : null}
        {list.data && list.data.replays.length > 0 ? (
          <div class="inline-form replay-pick">
            <label for="replay-pick">Show the replay of</label>
            <select id="replay-pick" value={shown ?? ''} onChange={(event) => select(event.currentTarget.value)}>
              {list.data.replays.map((replay) => (
                <option key={replay.id} value={replay.id}>
                  {describeReplay(replay)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </section>
      {shown ? (
        <ReplayView id={shown} api={api} onFinished={list.reload} />
      ) : list.data ? (
        <p class="state state-empty">No replay yet. Run one to see what the agent would have done.</p>
      ) : (
        <Loading label="Loading replays…" />
      )}
    </div>
  );
}
