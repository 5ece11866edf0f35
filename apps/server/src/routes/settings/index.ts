import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/errors.js';
import { IdentitySettingsBody } from '../../contract/settings.js';
import { ReportSettingsBody } from '../../contract/reports.js';
import { getReportSettings, type ReportSettings } from '../../reports/report-settings-repository.js';
import { changeReportSettings } from '../../reports/report-settings-change.js';
import { requireRole } from '../../accounts/roles.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { changeIdentitySettings } from '../../mirror/identity-settings-change.js';
import { getIdentitySettings, type IdentitySettings } from '../../tenants/identity-settings-repository.js';

const toReportBody = (settings: ReportSettings): ReportSettingsBody => ({
  timezone: settings.businessHours.timeZone,
  businessHours: settings.businessHours.weekly,
  holidays: [...settings.businessHours.holidays],
  repeatContactDays: settings.repeatContactDays,
});

const toBody = (settings: IdentitySettings): IdentitySettingsBody => ({ phoneRegion: settings.defaultRegion, mergeEmailAliases: settings.canMergeEmailAliases });

/** Tenant settings the admin changes. */
export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/settings/identity',
    { schema: { tags: ['settings'], summary: 'How customers are matched across channels', response: { 200: IdentitySettingsBody, ...errorResponses(401) } } },
    async (request) => toBody(await getIdentitySettings(app.db, tenantOf(request).id)),
  );

  app.put(
    '/v1/settings/identity',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change how customers are matched: mirrored identities are re-keyed now, and the next sync is a full one',
        body: IdentitySettingsBody,
        response: { 200: IdentitySettingsBody, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      // Tenant settings: an admin's, never a helpdesk agent's sidebar token.
      requireRole(request.principal, 'admin');
      const settings = { defaultRegion: request.body.phoneRegion, canMergeEmailAliases: request.body.mergeEmailAliases };
      return toBody(await changeIdentitySettings(app.db, tenantOf(request).id, settings));
    },
  );

  app.get(
    '/v1/settings/reports',
    { schema: { tags: ['settings'], summary: "How reports count time: business hours, holidays and the repeat-contact window", response: { 200: ReportSettingsBody, ...errorResponses(401) } } },
    async (request) => toReportBody(await getReportSettings(app.db, tenantOf(request).id)),
  );

  app.put(
    '/v1/settings/reports',
    {
      schema: {
        tags: ['settings'],
        summary: "Change how reports count time; every ticket's figures are recounted under the new settings",
        body: ReportSettingsBody,
        response: { 200: ReportSettingsBody, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request.principal, 'admin');
      const { timezone, businessHours, holidays, repeatContactDays } = request.body;
      const settings = { businessHours: { timeZone: timezone, weekly: businessHours, holidays }, repeatContactDays };
      return toReportBody(await changeReportSettings(app.db, tenantOf(request).id, settings));
    },
  );
};
