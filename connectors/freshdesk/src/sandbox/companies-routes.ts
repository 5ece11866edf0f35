import type { FastifyInstance } from 'fastify';
import { checkQuery, notFound, paginate, pathId } from './protocol.js';
import type { SandboxState } from './state.js';

/**
 * Companies: "View a Company" (`GET /api/v2/companies/[id]`) and "List All Companies"
 * (`GET /api/v2/companies`), each company with its `domains` ("Domains of the company. Email
 * addresses of contacts that contain this domain will be associated with that company
 * automatically", Freshdesk API v2, Companies).
 */
export function registerCompanyRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/api/v2/companies', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    return paginate(request, reply, [...state.companies.values()]);
  });

  app.get('/api/v2/companies/:id', async (request) => {
    checkQuery(request, []);
    const company = state.companies.get(pathId(request));
    if (!company) throw notFound();
    return company;
  });
}
