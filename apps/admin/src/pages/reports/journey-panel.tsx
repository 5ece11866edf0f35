import type { Journey } from '../../api/report-types.js';
import { formatCount, formatRate } from '../../format.js';

export interface JourneyPanelProps {
  journey: Journey;
  definition: string | undefined;
  onDrill: () => void;
}

/**
 * The omnichannel view no per-channel report has: how many customers needed two or more channels
 * for one issue, and how they rated the support compared with customers who needed one.
 */
export function JourneyPanel({ journey, definition, onDrill }: JourneyPanelProps) {
  const share = journey.customers > 0 ? journey.multiChannelCustomers / journey.customers : null;
  return (
    <section class="journey" aria-labelledby="journey-heading">
      <h2 id="journey-heading">Customer journey</h2>
      <div class="journey-grid">
        <div class="journey-figure">
          <p class="journey-value">
            {formatCount(journey.multiChannelCustomers)} <span class="journey-of">of {formatCount(journey.customers)} customers</span>
          </p>
          <p>used 2 or more channels for one issue ({formatRate(share)}).</p>
          <p>
            <button type="button" class="link-button" onClick={onDrill}>
              {formatCount(journey.multiChannelIssues)} issues went across channels: show their tickets
            </button>
          </p>
        </div>
        <dl class="journey-csat">
          <div>
            <dt>CSAT, one channel</dt>
            <dd data-testid="csat-single">{formatRate(journey.csatSingleChannel)}</dd>
          </div>
          <div>
            <dt>CSAT, 2+ channels</dt>
            <dd data-testid="csat-multi">{formatRate(journey.csatMultiChannel)}</dd>
          </div>
        </dl>
      </div>
      <p class="card-definition">
        <span class="card-definition-label">What is counted: </span>
        {definition ?? 'No definition was given for this figure.'}
      </p>
    </section>
  );
}
