/** CPU time of the calling thread in ms, or null where it cannot be read (see thread-cpu.js). */
export function threadCpuMs(): number | null;
