import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import randexp from 'randexp';

// The package is CommonJS (`module.exports = RandExp`) while its types describe `exports.default`.
const RandExp = ((randexp as unknown as { default?: typeof randexp.default }).default ?? randexp) as unknown as typeof randexp.default;

/** A JSON schema node as the OpenAPI document carries it. */
export type SchemaNode = {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: SchemaNode;
}

/** One operation of the API as the OpenAPI document describes it. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. `/v1/jobs/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The JSON body schema, when the operation takes one. */
  body: SchemaNode | null;
  /** Media types the operation accepts (uploads take raw bytes). */
  mediaTypes: string[];
}

/** Every operation the running app documents (the document is generated from the route schemas). */
export function operationsOf(app: FastifyInstance): Operation[] {
  const document = (app as unknown as { swagger(): { paths: Record<string, Record<string, Record<string, unknown>>> } }).swagger();
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (spec.requestBody as { content?: Record<string, { schema: SchemaNode }> } | undefined)?.content ?? {};
      const mediaTypes = Object.keys(content);
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: ((spec.parameters as Parameter[] | undefined) ?? []).map((parameter) => ({ ...parameter, required: parameter.required ?? false })),
        body: content['application/json']?.schema ?? null,
        mediaTypes,
      });
    }
  }
  return operations;
}

/** A value the schema accepts (the first choice of each union, required properties only). */
export function sampleValue(schema: SchemaNode | undefined): unknown {
  if (!schema) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return sampleValue(choices.find((choice) => choice.type !== 'null') ?? choices[0]);
  if (schema.default !== undefined) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? []) value[name] = sampleValue(schema.properties?.[name]);
      return value;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValue(schema.items));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema);
    default:
      return null;
  }
}

function sampleString(schema: SchemaNode): string {
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return new Date().toISOString();
  if (schema.pattern) {
    const generator = new RandExp(schema.pattern);
    generator.max = 4;
    const value = generator.gen();
    if (value.length >= (schema.minLength ?? 0)) return value;
  }
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 1) + 3).slice(0, schema.maxLength ?? 64);
}

/** Fills an OpenAPI path template: `/v1/jobs/{id}` with `{ id: 'abc' }`. */
export function fillPath(path: string, values: Record<string, string>): string {
  // A URL cannot carry a lone surrogate; it travels as U+FFFD, as a browser would send it.
  const wellFormed = (value: string) => value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(wellFormed(values[name] ?? 'missing')));
}
