import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { ServerError } from '../../errors.js';

/** The request parts a route schema validates; headers stay open (clients and proxies add their own). */
const REQUEST_PARTS = ['body', 'querystring', 'params'] as const;

/** Postgres `integer` bounds: every count, limit and offset the API takes fits in one. */
const INT_MAX = 2_147_483_647;
const INT_MIN = -2_147_483_648;

type SchemaNode = Record<string, unknown>;

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Closes a request schema in place: an object that lists its properties accepts no others, and an
 * integer without bounds is bounded to what Postgres stores. Applied to every route as it is
 * registered, so a route written tomorrow is strict without anyone remembering to make it so.
 * Objects that are maps (`patternProperties`, `additionalProperties` set) keep their own rule.
 */
export function closeSchema(node: unknown, seen: Set<unknown> = new Set()): void {
  if (!isNode(node) || seen.has(node)) return;
  seen.add(node);
  if (isNode(node.properties) && node.additionalProperties === undefined && node.patternProperties === undefined) {
    node.additionalProperties = false;
  }
  if (node.type === 'integer') {
    if (node.maximum === undefined && node.exclusiveMaximum === undefined) node.maximum = INT_MAX;
    if (node.minimum === undefined && node.exclusiveMinimum === undefined) node.minimum = INT_MIN;
  }
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions'] as const) {
    if (isNode(node[key])) for (const child of Object.values(node[key])) closeSchema(child, seen);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else'] as const) closeSchema(node[key], seen);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    if (Array.isArray(node[key])) for (const child of node[key]) closeSchema(child, seen);
  }
}

/** The path of the first value or key in `value` that `isBad` picks, or null. */
function findBad(value: unknown, isBad: (leaf: unknown) => boolean, path = '', depth = 0): string | null {
  if (isBad(value)) return path || '/';
  if (depth > 64 || typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    if (isBad(key)) return `${path}/${key.replaceAll('\u0000', '\\u0000')}`;
    const found = findBad(child, isBad, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The path of the first string holding a NUL character, or null. Postgres text cannot store one. */
export const findNul = (value: unknown): string | null => findBad(value, (leaf) => typeof leaf === 'string' && leaf.includes('\u0000'));

/** The path of the first number that is not finite (Ajv's coercion turns "1e309" into Infinity), or null. */
export const findNonFinite = (value: unknown): string | null => findBad(value, (leaf) => typeof leaf === 'number' && !Number.isFinite(leaf));

/** Throws the error `refuse` makes for the first request part where `find` finds something. */
function checkParts(request: FastifyRequest, find: (value: unknown) => string | null, refuse: (where: string, details: { part: string; path: string }) => ServerError): void {
  for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
    const path = find(value);
    if (path) throw refuse(`${part}${path === '/' ? '' : path}`, { part, path });
  }
}

/**
 * Request input is checked before any handler runs:
 * - every route's body, querystring and params schemas reject unknown properties (so nothing a
 *   request adds can reach a repository, a tenant id least of all) and bound their integers;
 * - a NUL character anywhere in the input is a 400 that names where, not a database error;
 * - so is a number the schema let through that is not finite ("1e309" coerces to Infinity).
 * Registered before the routes (it closes their schemas as they are added).
 */
export const strictInputPlugin = fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema) return;
      for (const part of REQUEST_PARTS) closeSchema(schema[part]);
    });

    app.addHook('preValidation', async (request) => {
      checkParts(request, findNul, (where, details) => new ServerError(
        'SERVER_INVALID_CHARACTER',
        `${where} contains a NUL character (\\u0000); remove it and send the request again`,
        details,
      ));
    });

    // After validation: these are the values the schema's coercion produced.
    app.addHook('preHandler', async (request) => {
      checkParts(request, findNonFinite, (where, details) => new ServerError(
        'SERVER_NUMBER_OUT_OF_RANGE',
        `${where} is not a finite number within the documented range`,
        details,
      ));
    });
  },
  { name: 'strict-input' },
);
