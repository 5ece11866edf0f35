import { percentToThreshold, thresholdToPercent } from '../format.js';

/**
 * A confidence threshold typed in percent (55 for 0.55), as every figure it is compared with is
 * shown; the value in and out is the 0..1 the API keeps.
 */
export function ThresholdInput({ id, label, value, step = 1, onChange }: { id?: string; label: string; value: number; step?: number; onChange: (value: number) => void }) {
  return (
    <span class="threshold-field">
      <input
        id={id}
        type="number"
        class="threshold"
        aria-label={`${label} (percent)`}
        min={0}
        max={100}
        step={step}
        value={thresholdToPercent(value)}
        onInput={(event) => onChange(percentToThreshold(Number(event.currentTarget.value)))}
      />
      <span aria-hidden="true">%</span>
    </span>
  );
}
