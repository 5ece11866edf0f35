import { describe, expect, it } from 'vitest';
import { bestCut, bestCutPerGroup, scoreCut, splitHalves, type ScoredDecision } from './calibration.js';

const decision = (id: string, confidence: number, gold: boolean, isForced = false): ScoredDecision => ({ id, confidence, gold, isForced });

describe('threshold calibration on dev', () => {
  it('splits the same way whatever the order, into two non-empty halves of a large set', () => {
    const items = Array.from({ length: 200 }, (_, index) => ({ id: `msg-${index}` }));
    const first = splitHalves(items);
    const again = splitHalves([...items].reverse());
    expect(new Set(again.tune.map((item) => item.id))).toEqual(new Set(first.tune.map((item) => item.id)));
    expect(first.tune.length + first.check.length).toBe(200);
    expect(first.tune.length).toBeGreaterThan(60);
    expect(first.check.length).toBeGreaterThan(60);
    expect(splitHalves(items, 18).tune.map((item) => item.id)).not.toEqual(first.tune.map((item) => item.id));
  });

  it('splits near half and half, not by the parity of the ids\' characters', () => {
    // FNV-1a's bare low bit is the parity of the characters' low bits: a split on it sends every id
    // whose digits add up to an even number to one half.
    const lowBitParity = (id: string): number => [...id].reduce((sum, char) => sum + (char.codePointAt(0) ?? 0), 0) % 2;
    const items = Array.from({ length: 2000 }, (_, index) => ({ id: `bot-test-${String(index).padStart(4, '0')}` }));
    const { tune, check } = splitHalves(items);
    expect(Math.abs(tune.length - check.length)).toBeLessThan(120);
    for (const half of [tune, check]) {
      const evenShare = half.filter((item) => lowBitParity(item.id) === 0).length / half.length;
      expect(evenShare).toBeGreaterThan(0.4);
      expect(evenShare).toBeLessThan(0.6);
    }
  });

  it('scores a cut with forced escalations counted whatever the confidence', () => {
    const decisions = [decision('a', 0.2, true), decision('b', 0.8, true, true), decision('c', 0.7, false), decision('d', 0.3, false)];
    expect(scoreCut(decisions, 0.5)).toEqual({ escalated: 3, precision: 2 / 3, recall: 1, f1: 0.8 });
    expect(scoreCut(decisions, 0.1)).toMatchObject({ escalated: 1, precision: 1, recall: 0.5 });
  });

  it('picks the cut with the best F1, the lower one on a tie', () => {
    const decisions = [decision('a', 0.2, true), decision('b', 0.35, true), decision('c', 0.6, false), decision('d', 0.9, false)];
    expect(bestCut(decisions, [0.1, 0.3, 0.4, 0.5, 0.7])).toEqual({ cut: 0.4, f1: 1 });
  });

  it('gives each group its own cut, chosen on its tune items, and scores every half with those cuts', () => {
    // Group a answers above 0.3, group b only above 0.7: one cut for both misses one of them.
    const a = [decision('a1', 0.2, true), decision('a2', 0.4, false), decision('a3', 0.25, true), decision('a4', 0.5, false)];
    const b = [decision('b1', 0.6, true), decision('b2', 0.8, false), decision('b3', 0.65, true), decision('b4', 0.9, false)];
    const groupOf = (item: ScoredDecision) => item.id.slice(0, 1);
    const tune = [a[0], a[1], b[0], b[1]] as ScoredDecision[];
    const check = [a[2], a[3], b[2], b[3]] as ScoredDecision[];
    const result = bestCutPerGroup({ tune, check, all: [...tune, ...check] }, groupOf, [0.3, 0.7]);
    expect(result.cuts).toEqual({ a: 0.3, b: 0.7 });
    expect(result.check.f1).toBe(1);
    expect(bestCut(tune, [0.3, 0.7]).f1).toBeLessThan(1);
  });
});
