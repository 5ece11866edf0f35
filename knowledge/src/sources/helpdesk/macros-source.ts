import type { DocumentSource, SourceContext, SourceDocument } from '../../types.js';
import { hasBodyText, plainTextToMarkdown, withTitleHeading } from '../markdown/normalize-markdown.js';

/** A saved agent reply (Zendesk macro, Freshdesk canned response), structurally. */
export interface MacroInput {
  id: string;
  title: string;
  bodyText: string;
  updatedAt: string;
}

export interface MacrosSourceOptions {
  /** Typically `() => connector.listMacros()`. */
  list: () => Promise<MacroInput[]>;
  /** Macros carry no locale. Default `en`. */
  locale?: string;
}

/**
 * Helpdesk macros as `internal` documents: they help agents' drafts but are never cited to customers
 * and have no URL. Placeholders such as `{{ticket.requester.first_name}}` are kept (they tell the
 * model where a name goes). Macros without text (pure ticket actions) are skipped. Zendesk's
 * `Category::Sub::Name` title convention becomes the section path and the title.
 *
 * @example
 * const source = createMacrosSource({ list: () => zendesk.listMacros() });
 */
export function createMacrosSource(options: MacrosSourceOptions): DocumentSource {
  return {
    kind: 'macros',
    async *documents(context: SourceContext = {}): AsyncIterable<SourceDocument> {
      const macros = await options.list();
      let done = 0;
      for (const macro of macros) {
        context.signal?.throwIfAborted();
        done += 1;
        context.onProgress?.({ done, total: macros.length, current: macro.title });
        const body = plainTextToMarkdown(macro.bodyText);
        if (!hasBodyText(body)) continue;
        const { title, sectionPath } = splitMacroTitle(macro.title);
        yield {
          externalId: macro.id,
          title,
          url: null,
          locale: options.locale ?? 'en',
          visibility: 'internal',
          updatedAt: macro.updatedAt,
          markdown: withTitleHeading(title, body),
          ...(sectionPath.length ? { sectionPath } : {}),
        };
      }
    },
  };
}

/** `Billing::Refunds::Refund approved` → title `Refund approved`, section path `['Billing', 'Refunds']`. */
export function splitMacroTitle(raw: string): { title: string; sectionPath: string[] } {
  const parts = raw.split('::').map((part) => part.trim()).filter(Boolean);
  const title = parts.pop() ?? raw.trim();
  return { title, sectionPath: parts };
}
