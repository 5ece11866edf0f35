/**
 * What the sidebar API answers, as the UI reads it: the server's contract types (type-only; the
 * schemas live in apps/server/src/contract and are published at /docs/json).
 */
import type {
  AskResponse,
  CitationBody,
  CustomerCard as CustomerCardBody,
  ErrorBody,
  EscalateResponse,
  GroupsResponse,
  HandoffResponse,
  Identity as IdentityBody,
  RewriteResponse,
  Suggestion as SuggestionBody,
  SummaryResponse,
  TicketSummary as TicketSummaryBody,
  TimelineBody,
  TimelineItem as TimelineItemBody,
} from '@threadline/server/contract';

export type ApiErrorBody = ErrorBody;
export type Identity = IdentityBody;
export type TicketSummary = TicketSummaryBody;
export type CustomerCard = CustomerCardBody;
export type TimelineItem = TimelineItemBody;
export type AuthorRole = TimelineItem['authorRole'];
export type Timeline = TimelineBody;
export type Citation = CitationBody;
export type Suggestion = SuggestionBody;
export type AnswerPath = Suggestion['path'];

export type RewriteStyle = 'shorter' | 'friendlier' | 'more_formal' | 'translate';

export interface RewriteInput {
  text: string;
  style: RewriteStyle;
  targetLanguage?: string;
}

export type RewriteResult = RewriteResponse;

export type EscalationPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface EscalateInput {
  reason: string;
  priority?: EscalationPriority;
  groupId?: string;
  tags?: string[];
}

export type EscalateResult = EscalateResponse;
export type Summary = SummaryResponse;

export type FeedbackVerdict = 'used' | 'edited' | 'rejected' | 'helpful' | 'unhelpful';

export type AskResult = AskResponse;
export type AskPassage = AskResult['passages'][number];

export type Group = GroupsResponse['groups'][number];

export type HandoffChannel = HandoffResponse['channel'];

export interface HandoffInput {
  channel: HandoffChannel;
  question?: string;
}

export type HandoffResult = HandoffResponse;
