// The stacking behind the Attribution and Book charts (no DOM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cumulative, divergingStacks } from '../../webview/stack';

test('diverging stacks: gains stack up from 0, losses down, and the outer edges are the sums of each side', () => {
  const { lo, hi } = divergingStacks([
    [3, -1, null],
    [-2, 4, 5],
    [1, -1, -5],
  ]);
  assert.deepEqual(lo, [
    [0, -1, null],
    [-2, 0, 0],
    [3, -2, -5],
  ]);
  assert.deepEqual(hi, [
    [3, 0, null],
    [0, 4, 5],
    [4, -1, 0],
  ]);
  // Day 0: positives 3 + 1 = 4 on top, the negative -2 below: their sum 2 is the total.
  assert.equal(Math.max(...hi.map((h) => h[0]!)) + Math.min(...lo.map((l) => l[0]!)), 3 - 2 + 1);
});

test('cumulative: running sums that leave missing days missing', () => {
  assert.deepEqual(cumulative([1, 2, null, -4]), [1, 3, null, -1]);
});
