/** HTTP request/response schemas shared with the UIs (sidebars, admin). Import type-only from UIs. */
export { ErrorBody, errorResponses } from './errors.js';
export { HealthBody, ReadinessBody } from './health.js';
export { CustomerCard, TimelineBody, TimelineItem, TicketSummary, Identity } from './timeline.js';
export { Suggestion, RewriteResponse, EscalateResponse, SummaryResponse, AskResponse, CitationBody, HandoffResponse, GroupsResponse } from './sidebar.js';
export { JobBody, JobStatusBody, JOB_STATUS_VALUES, WebhookAccepted, AnswerBody, AnswerFeedbackBody, WritebackFailureBody, WritebackRetryBody } from './jobs.js';
export { DecisionBody } from './decision.js';
export { IdentitySettingsBody } from './settings.js';
export { OverviewQuery, OverviewBody, Metrics, ReportTicket, ReportTicketsBody, ReportTicketsQuery, ReportSettingsBody, MetricKeyName, METRIC_KEY_VALUES } from './reports.js';
export { PolicyBody, PolicyResponse, PolicyAuditBody, PolicyAuditEntry, PolicyChange, ChannelPolicyBody, BlockedTopicBody } from './policy.js';
export { SessionBody, CurrentSessionBody, SignInBody, PeopleBody, MemberBody, InviteBody, CreatedInviteBody, NewInviteBody, RoleName, LinkPreviewBody } from './people.js';
export type {
  SourceKindName,
  SourceConfigBody,
  KnowledgeSourceBody,
  KnowledgeSyncJobBody,
  KnowledgeDocumentBody,
  KnowledgeChunkBody,
  KnowledgeSearchBody,
  KnowledgePassageBody,
} from './kb.js';
export {
  ReplayBody,
  ReplayListBody,
  ReplaySummaryBody,
  ReplayReportBody,
  ReplayTicketBody,
  ReplayGapBody,
  ReplayFiguresBody,
  ReplayCompareRequest,
  ReplayCompareBody,
} from './replays.js';
export { ConnectionForm, ConnectionBody, ConnectionCheckBody, ConnectionSavedBody, ConnectionAuditBody, WebhookActivityBody, HelpdeskAgentBody, MaskedSecret } from './connection.js';
