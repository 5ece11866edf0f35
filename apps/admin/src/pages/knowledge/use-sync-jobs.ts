import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KnowledgeApi } from '../../api/knowledge-api.js';
import type { KnowledgeSource, SyncJob } from '../../api/knowledge-types.js';
import { isOpen } from './source-words.js';

/** How often a running sync is asked for its progress. */
const POLL_MS = 1000;

export interface SyncJobs {
  /** The newest sync the console knows of, by source id. */
  jobs: Readonly<Record<string, SyncJob>>;
  /** Follows a sync just started (sync now, an upload) from its first second. */
  track: (job: SyncJob) => void;
}

/**
 * Live progress of every sync that is queued or running: each second, each such source's job is
 * asked again, so the page shows how far it is rather than only the final count. When one ends,
 * `onSettled` runs (the page reloads its sources and documents).
 */
export function useSyncJobs(api: KnowledgeApi, sources: readonly KnowledgeSource[] | null, onSettled: () => void): SyncJobs {
  const [jobs, setJobs] = useState<Record<string, SyncJob>>({});
  const jobsRef = useRef(jobs);
  const sourcesRef = useRef(sources);
  sourcesRef.current = sources;
  const settledRef = useRef(onSettled);
  settledRef.current = onSettled;
  const reported = useRef(new Set<string>());

  const track = useCallback((job: SyncJob) => {
    jobsRef.current = { ...jobsRef.current, [job.sourceId]: job };
    setJobs(jobsRef.current);
  }, []);

  useEffect(() => {
    let isStopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const known = jobsRef.current;
      const active = new Set<string>(Object.values(known).filter(isOpen).map((job) => job.sourceId));
      for (const source of sourcesRef.current ?? []) if (source.status === 'queued' || source.status === 'syncing') active.add(source.id);
      if (active.size > 0) {
        const answers = await Promise.all(
          [...active].map(async (sourceId) => {
            const job = known[sourceId];
            try {
              return job && isOpen(job) ? await api.job(job.id) : ((await api.jobs(sourceId))[0] ?? null);
            } catch {
              // A source deleted meanwhile, or a blip: the next poll asks again.
              return null;
            }
          }),
        );
        if (isStopped) return;
        let isSettled = false;
        const next = { ...jobsRef.current };
        for (const job of answers) {
          if (!job) continue;
          next[job.sourceId] = job;
          if (!isOpen(job) && !reported.current.has(job.id)) {
            reported.current.add(job.id);
            isSettled = true;
          }
        }
        jobsRef.current = next;
        setJobs(next);
        if (isSettled) settledRef.current();
      }
      if (!isStopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
  }, [api]);

  return { jobs, track };
}
