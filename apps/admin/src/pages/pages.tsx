import type { ComponentType } from 'preact';
import type { PageProps } from './page-props.js';
import { REPORTS_PATH, ReportsPage } from './reports/reports-page.js';
import { POLICY_PATH, PolicyPage } from './policy/policy-page.js';
import { PEOPLE_PATH, PeoplePage } from './people/people-page.js';
import { KNOWLEDGE_PATH, KnowledgePage } from './knowledge/knowledge-page.js';
import { TEST_PATH, TestPage } from './test/test-page.js';
import { HELPDESK_PATH, HelpdeskPage } from './helpdesk/helpdesk-page.js';
import { ACTIVITY_PATH, ActivityPage } from './activity/activity-page.js';

export interface ConsolePage {
  path: string;
  /** Its name in the navigation and the document title. */
  title: string;
  component: ComponentType<PageProps>;
}

/**
 * The console's pages, in navigation order. A new page is one entry here and a folder under
 * pages/; the server answers every page path with the console, so it needs no change.
 */
export const PAGES: readonly ConsolePage[] = [
  { path: REPORTS_PATH, title: 'Reports', component: ReportsPage },
  { path: KNOWLEDGE_PATH, title: 'Knowledge', component: KnowledgePage },
  { path: ACTIVITY_PATH, title: 'Activity', component: ActivityPage },
  { path: POLICY_PATH, title: 'Policy', component: PolicyPage },
  { path: TEST_PATH, title: 'Test', component: TestPage },
  { path: PEOPLE_PATH, title: 'People', component: PeoplePage },
  { path: HELPDESK_PATH, title: 'Helpdesk', component: HelpdeskPage },
];

/** Where `/` leads. */
export const HOME_PATH = REPORTS_PATH;
