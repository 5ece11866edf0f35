import { cpus, totalmem } from 'node:os';
import type { MachineInfo } from './results.js';

/** The machine a run was measured on, printed beside every figure. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function describeMachine(machine: MachineInfo): string {
  return `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB RAM, node ${machine.node}, ${machine.platform}`;
}

/** Rounds of the yardstick's fixed work: well under a second of CPU on a current 2-core machine. */
const YARDSTICK_ROUNDS = 150;
/** Rounds run first and not timed, so the JIT has compiled the work before the clock starts. */
const WARM_UP_ROUNDS = 10;

/**
 * A fixed amount of the kind of work the server does per event (JSON in and out, string scanning,
 * sorting, hashing-like integer work), timed in CPU time so neighbours on a shared machine slow it
 * less than the wall clock would. Rounds per CPU second: a machine half as fast scores half.
 * Printed beside the figures, it tells a slow run on a slow machine from a slow change.
 *
 * @example
 * const { roundsPerCpuSecond } = cpuYardstick(); // higher is faster; half as fast a machine, half the figure
 */
export function cpuYardstick(rounds = YARDSTICK_ROUNDS): { roundsPerCpuSecond: number; checksum: number } {
  yardstickRounds(WARM_UP_ROUNDS);
  const started = process.cpuUsage();
  const checksum = yardstickRounds(rounds);
  const used = process.cpuUsage(started);
  return { roundsPerCpuSecond: rounds / ((used.user + used.system) / 1e6), checksum };
}

function yardstickRounds(rounds: number): number {
  // A fixed pseudo-random stream (LCG), so every machine does the same work.
  let seed = 12_345;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const words = ['refund', 'order', 'delivery', 'address', 'zipper', 'exchange', 'boots', 'canada', 'shipping', 'card'];
  let checksum = 0;
  for (let round = 0; round < rounds; round++) {
    const rows = Array.from({ length: 400 }, (_, index) => ({ id: index, text: Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(' '), score: random() }));
    const parsed = JSON.parse(JSON.stringify(rows)) as typeof rows;
    parsed.sort((a, b) => a.score - b.score);
    for (const row of parsed) checksum = (checksum + (row.text.match(/\b(refund|order)\b/g)?.length ?? 0) * row.id) % 1_000_003;
    const numbers = Float64Array.from({ length: 20_000 }, random).sort();
    checksum = (checksum + Math.floor((numbers[10_000] as number) * 1000)) % 1_000_003;
  }
  return checksum;
}
