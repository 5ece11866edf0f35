import type { FastifyInstance } from 'fastify';
import type { FdSolutionFolder } from '../wire-types.js';
import { checkQuery, notFound, paginate, pathId } from './protocol.js';
import type { SandboxState, StoredFolder } from './state.js';

/** Folders as the API shows them: the category link is implied by the path, not a field. */
function shownFolder(folder: StoredFolder): FdSolutionFolder {
  const { category_id: _category, ...shown } = folder;
  return shown;
}

/** Solutions (categories → folders → articles) and canned responses. */
export function registerSolutionRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/api/v2/solutions/categories', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    return paginate(request, reply, state.categories);
  });

  app.get('/api/v2/solutions/categories/:id', async (request) => {
    const category = state.categories.find((candidate) => candidate.id === pathId(request));
    if (!category) throw notFound();
    return category;
  });

  app.get('/api/v2/solutions/categories/:id/folders', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    const id = pathId(request);
    if (!state.categories.some((category) => category.id === id)) throw notFound();
    return paginate(request, reply, state.folders.filter((folder) => folder.category_id === id).map(shownFolder));
  });

  app.get('/api/v2/solutions/folders/:id', async (request) => {
    const folder = state.folders.find((candidate) => candidate.id === pathId(request));
    if (!folder) throw notFound();
    return shownFolder(folder);
  });

  app.get('/api/v2/solutions/folders/:id/subfolders', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    const id = pathId(request);
    if (!state.folders.some((folder) => folder.id === id)) throw notFound();
    return paginate(request, reply, state.folders.filter((folder) => folder.parent_folder_id === id).map(shownFolder));
  });

  app.get('/api/v2/solutions/folders/:id/articles', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    const id = pathId(request);
    if (!state.folders.some((folder) => folder.id === id)) throw notFound();
    return paginate(request, reply, state.articles.filter((article) => article.folder_id === id));
  });

  app.get('/api/v2/solutions/articles/:id', async (request) => {
    const article = state.articles.find((candidate) => candidate.id === pathId(request));
    if (!article) throw notFound();
    return article;
  });

  app.get('/api/v2/canned_response_folders', async () => state.cannedFolders);

  app.get('/api/v2/canned_response_folders/:id', async (request) => {
    const folder = state.cannedFolders.find((candidate) => candidate.id === pathId(request));
    if (!folder) throw notFound();
    const responses = state.cannedResponses.filter((response) => response.folder_id === folder.id);
    return { ...folder, canned_responses: responses.map(({ id, title, folder_id }) => ({ id, title, folder_id })) };
  });

  app.get('/api/v2/canned_response_folders/:id/responses', async (request, reply) => {
    checkQuery(request, ['page', 'per_page']);
    const id = pathId(request);
    if (!state.cannedFolders.some((folder) => folder.id === id)) throw notFound();
    return paginate(request, reply, state.cannedResponses.filter((response) => response.folder_id === id));
  });

  app.get('/api/v2/canned_responses/:id', async (request) => {
    const response = state.cannedResponses.find((candidate) => candidate.id === pathId(request));
    if (!response) throw notFound();
    return response;
  });
}
