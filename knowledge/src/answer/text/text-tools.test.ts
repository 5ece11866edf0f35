import { describe, expect, it } from 'vitest';
import { stem } from './text-tools.js';

describe('stem', () => {
  it('meets the forms of a word: plurals, -ing and -ed, a silent e and a doubled consonant', () => {
    expect(['ships', 'shipping', 'shipped'].map(stem)).toEqual(['ship', 'ship', 'ship']);
    expect(['reset', 'resetting'].map(stem)).toEqual(['reset', 'reset']);
    expect(['arrive', 'arrived', 'arrives'].map(stem)).toEqual(['arriv', 'arriv', 'arriv']);
    expect(['refunds', 'refunded', 'refunding'].map(stem)).toEqual(['refund', 'refund', 'refund']);
    // A short word keeps its double letter: "added" is still "add".
    expect(['add', 'added', 'calls', 'called', 'passed'].map(stem)).toEqual(['add', 'add', 'call', 'call', 'pass']);
  });
});
