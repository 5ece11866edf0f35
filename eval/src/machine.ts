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
