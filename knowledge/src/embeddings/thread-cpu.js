// @ts-check
import { readFileSync } from 'node:fs';

/**
 * CPU time of the calling thread in ms (Linux: utime + stime of /proc/thread-self/stat, in 10 ms
 * ticks), or null elsewhere. Node 20 has no per-thread CPU clock, and on a busy machine wall time
 * counts the neighbours too; the ticks are coarse, but summed over many calls or a phase of seconds
 * they are not. Plain JavaScript, so worker threads load it without a TypeScript loader.
 *
 * @returns {number | null}
 */
export function threadCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
