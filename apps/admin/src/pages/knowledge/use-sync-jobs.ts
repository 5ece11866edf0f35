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
 * Live progress of every sync that is queued or running (started here, or listed in a source's
 * `activeSync`): each second, each such job is asked again, so the page shows how far it is rather than only the final count. When one ends,
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
      // The syncs to follow: those the console started and has not seen end, and those the server
      // lists as queued or running on a source (a scheduled re-sync, one started elsewhere).
      const open = new Map<string, string>(Object.values(known).filter(isOpen).map((job) => [job.sourceId, job.id]));
      for (const source of sourcesRef.current ?? []) {
        const active = source.activeSync;
        if (active && !open.has(source.id) && known[source.id]?.id !== active.jobId) open.set(source.id, active.jobId);
      }
      if (open.size > 0) {
        const answers = await Promise.all(
          [...open.values()].map(async (jobId) => {
            try {
              return await api.job(jobId);
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
