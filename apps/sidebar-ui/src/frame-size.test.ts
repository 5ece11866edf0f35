import { describe, expect, it } from 'vitest';
import { frameHeight, MAX_FRAME_HEIGHT } from './frame-size.js';

describe('frameHeight', () => {
  it('fits the frame to the content, rounded up', () => {
    expect(frameHeight(431.2)).toBe(432);
  });

  it('never asks a sidebar for more than the cap, however long the content', () => {
    expect(frameHeight(2426)).toBe(MAX_FRAME_HEIGHT);
  });

  it('keeps room for a message while the content is still loading', () => {
    expect(frameHeight(0)).toBe(120);
  });
});
