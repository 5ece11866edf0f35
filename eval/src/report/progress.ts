import cliProgress from 'cli-progress';

/** One task's progress: a bar on a terminal, a plain line every 10 % otherwise (CI logs). */
export interface Progress {
  update(done: number, total?: number): void;
  increment(by?: number): void;
  stop(): void;
}

/** Writes human progress to stderr, keeping stdout for the result table. */
export interface ProgressSink {
  start(label: string, total: number): Progress;
  /** A line of its own (phase headers, notes). */
  note(line: string): void;
}

/**
 * Progress on stderr: a `cli-progress` bar when stderr is a TTY, plain lines (`label 40% 608/1522`)
 * when it is not, so CI logs stay readable.
 *
 * @example
 * const progress = createProgressSink();
 * const bar = progress.start('dstc11-full · retrieve', queries.length);
 * for (const query of queries) { await run(query); bar.increment(); }
 * bar.stop();
 */
export function createProgressSink(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const isTty = stream.isTTY === true;
  return {
    note(line) {
      stream.write(`${line}\n`);
    },
    start(label, total) {
      const started = performance.now();
      if (isTty) {
        const bar = new cliProgress.SingleBar(
          { stream, format: `${label.padEnd(44)} {bar} {percentage}% {value}/{total} {eta_formatted}`, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
        return {
          update: (done, newTotal) => {
            if (newTotal !== undefined) bar.setTotal(newTotal);
            bar.update(done);
          },
          increment: (by = 1) => bar.increment(by),
          stop: () => bar.stop(),
        };
      }
      let value = 0;
      let current = total;
      let lastDecile = -1;
      const report = (): void => {
        const decile = current > 0 ? Math.floor((10 * value) / current) : 10;
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label} ${Math.min(100, decile * 10)}% ${value}/${current}\n`);
        }
      };
      report();
      return {
        update(done, newTotal) {
          if (newTotal !== undefined) current = newTotal;
          value = done;
          report();
        },
        increment(by = 1) {
          value += by;
          report();
        },
        stop() {
          stream.write(`${label} done ${value}/${current} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        },
      };
    },
  };
}
