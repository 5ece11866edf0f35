/**
 * `@threadline/knowledge/sources`: every `DocumentSource` the knowledge index can ingest, the parsers
 * behind them, and personal-data redaction.
 *
 * @example
 * import { createCrawlSource, createFileSource, redactPersonalData } from '@threadline/knowledge/sources';
 */
export type { DocumentSource, SourceContext, SourceDocument, SourceKind, SourceProgress, Visibility } from '../types.js';

export { KnowledgeSourceError, isKnowledgeSourceError } from '../errors.js';
export type { KnowledgeSourceErrorCode, KnowledgeSourceErrorKind } from '../errors.js';

export { htmlToMarkdown } from './html/html-to-markdown.js';
export type { HtmlToMarkdownOptions } from './html/html-to-markdown.js';
export { extractWebPage } from './html/extract-web-page.js';
export type { WebPage } from './html/extract-web-page.js';

export { createUrlSource } from './web/url-source.js';
export type { UrlSourceOptions } from './web/url-source.js';
export { createCrawlSource, DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES } from './web/crawl-source.js';
export type { CrawlSourceOptions } from './web/crawl-source.js';
export { parseHttpUrl } from './web/load-web-page.js';
export type { WebFetchOptions } from './web/load-web-page.js';
export { createFetchPolicy, fetchAllowListProblem } from './web/fetch-policy.js';
export type { FetchPolicy, FetchPolicyOptions, HostLookup, ResolvedAddress } from './web/fetch-policy.js';
export type { FetchLike } from './web/fetch-resource.js';
export { canonicalUrl } from './web/canonical-url.js';

export { createFileSource, parseFile } from './files/file-source.js';
export type { FileSourceOptions, ParsedFile, UploadedFile } from './files/file-source.js';
export { SUPPORTED_FILE_TYPES, detectFileType } from './files/detect-file-type.js';
export type { FileType } from './files/detect-file-type.js';

export { createArticlesSource } from './helpdesk/articles-source.js';
export type { Article, ArticlesSourceOptions } from './helpdesk/articles-source.js';
export { createMacrosSource } from './helpdesk/macros-source.js';
export type { MacroInput, MacrosSourceOptions } from './helpdesk/macros-source.js';
export { createSolvedTicketsSource, questionAnswerPairs } from './helpdesk/solved-tickets-source.js';
export type { QuestionAnswerPair, SolvedTicket, SolvedTicketMessage, SolvedTicketsSourceOptions } from './helpdesk/solved-tickets-source.js';

export { REDACTION_PLACEHOLDERS, findPersonalData, redactPersonalData } from '../redaction/index.js';
export type { PersonalDataSpan, PersonalDataType, RedactionOptions } from '../redaction/index.js';
