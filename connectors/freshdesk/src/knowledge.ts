import type { ArticleQuery, KnowledgeArticle, Macro } from '@threadline/connector-core';
import { mapWithConcurrency } from '@threadline/connector-core/http';
import type { FreshdeskContext } from './context.js';
import { mapArticle, mapCannedResponse, type ArticlePlace } from './mappers.js';
import { collectPages } from './pagination.js';
import type { FdCannedResponse, FdCannedResponseFolder, FdSolutionArticle, FdSolutionCategory, FdSolutionFolder } from './wire-types.js';

interface PlacedFolder extends ArticlePlace {
  folder: FdSolutionFolder;
}

/** A folder and, on accounts with nested folders, its sub-folders, depth first. */
async function withSubfolders(context: FreshdeskContext, folder: FdSolutionFolder, parent: ArticlePlace): Promise<PlacedFolder[]> {
  const place: PlacedFolder = { folder, sectionPath: [...parent.sectionPath, folder.name], isFolderPublic: parent.isFolderPublic && folder.visibility === 1 };
  if (!folder.sub_folders_count) return [place];
  const children = await collectPages<FdSolutionFolder>(context.client, context.apiBaseUrl, `/solutions/folders/${folder.id}/subfolders`);
  const nested = await mapWithConcurrency(children, context.concurrency, (child) => withSubfolders(context, child, place));
  return [place, ...nested.flat()];
}

/**
 * Every Solutions article: categories → folders (→ sub-folders) → articles. Freshdesk has no
 * "changed since" filter for articles, so `updatedSince` is applied to what was read.
 */
export async function listSolutionArticles(context: FreshdeskContext, query: ArticleQuery = {}): Promise<KnowledgeArticle[]> {
  const { client, apiBaseUrl, concurrency } = context;
  const categories = await collectPages<FdSolutionCategory>(client, apiBaseUrl, '/solutions/categories');
  const perCategory = await mapWithConcurrency(categories, concurrency, async (category) => {
    const folders = await collectPages<FdSolutionFolder>(client, apiBaseUrl, `/solutions/categories/${category.id}/folders`);
    const placed = await mapWithConcurrency(folders, concurrency, (folder) => withSubfolders(context, folder, { sectionPath: [category.name], isFolderPublic: true }));
    return placed.flat();
  });
  const places = perCategory.flat();
  const perFolder = await mapWithConcurrency(places, concurrency, async (place) => {
    const articles = await collectPages<FdSolutionArticle>(client, apiBaseUrl, `/solutions/folders/${place.folder.id}/articles`);
    return articles.map((article) => mapArticle(article, place, context.baseUrl));
  });
  const since = query.updatedSince ? Date.parse(query.updatedSince) : Number.NEGATIVE_INFINITY;
  return perFolder.flat().filter((article) => Date.parse(article.updatedAt) >= since);
}

/** Canned responses (Freshdesk's saved replies) of every folder the API key's agent can see. */
export async function listCannedResponses(context: FreshdeskContext): Promise<Macro[]> {
  const { client, apiBaseUrl, concurrency } = context;
  const folders = await collectPages<FdCannedResponseFolder>(client, apiBaseUrl, '/canned_response_folders');
  const perFolder = await mapWithConcurrency(folders, concurrency, (folder) =>
    collectPages<FdCannedResponse>(client, apiBaseUrl, `/canned_response_folders/${folder.id}/responses`),
  );
  return perFolder.flat().map(mapCannedResponse);
}
