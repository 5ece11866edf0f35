/**
 * A clock that only `sleep` moves, shared by a sandbox and a client under test: pacing and
 * rate-limit windows are checked without real waiting, so a busy machine cannot change the outcome.
 *
 * @example
 * const time = fakeTime();
 * const sandbox = await startSandbox({ now: time.now });
 * const connector = createZendeskConnector({ ..., http: { now: time.now, sleep: time.sleep } });
 */
export function fakeTime(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  const clock = { t: start, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
}
