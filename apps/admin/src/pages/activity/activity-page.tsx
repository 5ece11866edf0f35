import { useState } from 'preact/hooks';
import { canEdit } from '../../api/account-types.js';
import type { Answer, Job } from '../../api/activity-api.js';
import { Failure, Loading, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { CHANNELS } from '../../format.js';
import { ChannelSelect } from '../../components/channel-select.js';
import { navigate } from '../../router/router.js';
import type { PageProps } from '../page-props.js';
import { filtersFromSearch, rangeProblem, searchFromFilters, type ActivityFilters, type ActivityTab } from './activity-filters.js';
import { AnswersTable } from './answers-table.js';
import { JobsTable, STATUS_LABELS } from './jobs-table.js';

export const ACTIVITY_PATH = '/activity';

const TABS: Record<ActivityTab, string> = { answers: 'Answers', jobs: 'Jobs and dead letters' };
const ACTIONS: ReadonlyArray<[string, string]> = [
  ['', 'All actions'],
  ['draft', 'Drafts'],
  ['reply', 'Replies'],
  ['escalate', 'Escalations'],
];

function AnswersView({ api, filters, onChange }: PageProps & { filters: ActivityFilters; onChange: (next: ActivityFilters) => void }) {
  const problem = rangeProblem(filters);
  const key = JSON.stringify([filters.channel, filters.action, filters.from, filters.to]);
  const answers = useLoad(() => (problem ? Promise.resolve({ answers: [], nextCursor: null }) : api.activity.answers(filters)), key);
  // Older pages, appended under the first one; a change of filters starts again from the newest.
  const [older, setOlder] = useState<{ key: string; answers: Answer[]; nextCursor: string | null; isLoading: boolean; error: string | null }>({ key, answers: [], nextCursor: null, isLoading: false, error: null });
  const pages = older.key === key ? older : { key, answers: [], nextCursor: null, isLoading: false, error: null };
  const shown = answers.data ? [...answers.data.answers, ...pages.answers] : [];
  const nextCursor = pages.answers.length > 0 ? pages.nextCursor : (answers.data?.nextCursor ?? null);
  const showOlder = () => {
    if (!nextCursor) return;
    setOlder({ ...pages, isLoading: true, error: null });
    api.activity.answers(filters, nextCursor).then(
      (page) => setOlder({ key, answers: [...pages.answers, ...page.answers], nextCursor: page.nextCursor, isLoading: false, error: null }),
      (error: unknown) => setOlder({ ...pages, isLoading: false, error: reasonOf(error) }),
    );
  };
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">What the agent did</h2>
      <form class="filters" aria-label="Answer filters" onSubmit={(event) => event.preventDefault()}>
        <label class="filter-group">
          Channel
          <ChannelSelect value={filters.channel} channels={CHANNELS as readonly string[]} onChange={(channel) => onChange({ ...filters, channel })} />
        </label>
        <label class="filter-group">
          Action
          <select value={filters.action} onChange={(event) => onChange({ ...filters, action: event.currentTarget.value })}>
            {ACTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="filter-group">
          From
          <input type="date" value={filters.from} onChange={(event) => onChange({ ...filters, from: event.currentTarget.value })} />
        </label>
        <label class="filter-group">
          To
          <input type="date" value={filters.to} onChange={(event) => onChange({ ...filters, to: event.currentTarget.value })} />
        </label>
      </form>
      {problem ? (
        <p class="state state-error" role="alert">
          {problem}
        </p>
      ) : null}
      {answers.error ? <Failure message={`The answers could not be loaded: ${reasonOf(answers.error)}`} onRetry={answers.reload} /> : null}
      {!answers.data && answers.isLoading ? <Loading label="Loading answers…" /> : null}
      {answers.data && answers.data.answers.length === 0 && !problem ? <p class="state state-empty">No answers match these filters.</p> : null}
      {shown.length > 0 ? (
        <>
          <p class="muted" role="status">
            {nextCursor ? `The newest ${shown.length} answers; older ones follow` : `${shown.length} ${shown.length === 1 ? 'answer' : 'answers'}`}
          </p>
          <AnswersTable answers={shown} />
          {pages.error ? (
            <p class="state state-error" role="alert">
              The older answers could not be loaded: {pages.error}
            </p>
          ) : null}
          {nextCursor ? (
            <button type="button" class="btn" disabled={pages.isLoading} onClick={showOlder}>
              {pages.isLoading ? 'Loading older answers…' : 'Show older answers'}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function JobsView({ api, filters, onChange }: PageProps & { filters: ActivityFilters; onChange: (next: ActivityFilters) => void }) {
  const jobs = useLoad(() => api.activity.jobs(filters.status), `jobs-${filters.status}`);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const retry = (job: Job) => {
    setRetrying(job.id);
    setOutcome(null);
    api.activity.retryJob(job.id).then(
      (after) => {
        setOutcome({ kind: 'ok', text: `Sent round again: the job is ${STATUS_LABELS[after.status].toLowerCase()}.` });
        setRetrying(null);
        jobs.reload();
      },
      (error: unknown) => {
        setOutcome({ kind: 'error', text: `Not retried: ${reasonOf(error)}` });
        setRetrying(null);
      },
    );
  };
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Jobs and dead letters</h2>
      <p class="muted">A failed job is a dead letter: its attempts are used up, or the helpdesk refused what it did. Retry sends it round once more.</p>
      <form class="filters" aria-label="Job filters" onSubmit={(event) => event.preventDefault()}>
        <label class="filter-group">
          Status
          <select value={filters.status} onChange={(event) => onChange({ ...filters, status: event.currentTarget.value as ActivityFilters['status'] })}>
            <option value="">All statuses</option>
            {(Object.keys(STATUS_LABELS) as Array<Job['status']>).map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
      </form>
      {outcome ? (
        <p class={outcome.kind === 'error' ? 'state state-error' : 'state'} role={outcome.kind === 'error' ? 'alert' : 'status'}>
          {outcome.text}
        </p>
      ) : null}
      {jobs.error ? <Failure message={`The jobs could not be loaded: ${reasonOf(jobs.error)}`} onRetry={jobs.reload} /> : null}
      {!jobs.data && jobs.isLoading ? <Loading label="Loading jobs…" /> : null}
      {jobs.data && jobs.data.jobs.length === 0 ? <p class="state state-empty">{filters.status === 'failed' ? 'No dead letters.' : 'No jobs match this filter.'}</p> : null}
      {jobs.data && jobs.data.jobs.length > 0 ? <JobsTable jobs={jobs.data.jobs} canRetry={canEdit(api.who)} onRetry={retry} retrying={retrying} /> : null}
    </section>
  );
}

/** What the agent did (answers, with agents' feedback) and the jobs behind it, each linked to its ticket in the helpdesk. */
export function ActivityPage(props: PageProps) {
  const filters = filtersFromSearch(props.search);
  const setFilters = (next: ActivityFilters) => navigate(`${ACTIVITY_PATH}${searchFromFilters(next)}`, { replace: true });
  return (
    <div>
      <div class="page-head">
        <h1>Activity</h1>
        <p class="muted">Every answer links to its ticket in the helpdesk.</p>
      </div>
      <div class="segmented tab-row" role="group" aria-label="Activity views">
        {(Object.keys(TABS) as ActivityTab[]).map((tab) => (
          <button key={tab} type="button" class="btn" aria-pressed={filters.tab === tab} onClick={() => setFilters({ ...filters, tab })}>
            {TABS[tab]}
          </button>
        ))}
      </div>
      {filters.tab === 'answers' ? <AnswersView {...props} filters={filters} onChange={setFilters} /> : <JobsView {...props} filters={filters} onChange={setFilters} />}
    </div>
  );
}
