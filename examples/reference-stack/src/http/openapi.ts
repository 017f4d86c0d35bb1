import { z } from 'zod';
import type { RouteDefinition } from './route.js';
import { errorBodySchema } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/**
 * Builds the OpenAPI 3.1 document from the same zod schemas the routes validate with. Schemas are
 * inlined; recursive parts (`$defs`) move to `components.schemas` so that every `$ref` resolves
 * from the document root.
 */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  info: { title: string; version: string; description: string },
): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {
    Error: convert(errorBodySchema, 'output'),
  };
  let counter = 0;

  /** Converts a schema and hoists its `$defs`, renaming them uniquely. */
  function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = convert(schema, io);
    const defs = converted.$defs as Record<string, JsonSchema> | undefined;
    if (!defs) return converted;
    delete converted.$defs;
    const renames = new Map<string, string>();
    for (const name of Object.keys(defs)) renames.set(name, `Shared${++counter}`);
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== 'object') return value;
      const result: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          result[key] = `#/components/schemas/${renames.get(inner.slice('#/$defs/'.length))}`;
        } else {
          result[key] = rewrite(inner);
        }
      }
      return result;
    };
    for (const [name, definition] of Object.entries(defs)) {
      components[renames.get(name) as string] = rewrite(definition) as JsonSchema;
    }
    return rewrite(converted) as JsonSchema;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/\{(\w+)\*?\}/g, '{$1}');
    const parameters = [
      ...parametersOf(route.params, 'path', schemaOf),
      ...parametersOf(route.query, 'query', schemaOf),
    ];
    const errors: Record<string, unknown> = {};
    for (const [status, description] of [
      ['400', 'Bad input: validation_failed, invalid_id, invalid_cursor'],
      ...(route.access === 'public'
        ? []
        : [
            ['401', 'Not signed in, or the token was revoked'],
            ['403', 'forbidden: the role or scope does not allow this'],
          ]),
      ['404', 'not_found'],
      ['409', 'conflict, already_exists, in_use'],
      ['413', 'too_large'],
      ['429', 'rate_limited'],
    ] as const) {
      errors[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const success =
      route.status === 204
        ? { description: 'Done, no content' }
        : {
            description: 'Success',
            content: {
              [route.produces]: {
                schema:
                  route.produces === 'application/json' && route.response
                    ? schemaOf(route.response, 'output')
                    : { type: 'string' },
              },
            },
          };
    const operation: Record<string, unknown> = {
      operationId: operationId(route),
      summary: route.summary,
      tags: [...route.tags],
      'x-clawforce-action': route.access,
      security: route.access === 'public' ? [] : [{ bearer: [] }, { cookie: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.payload
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(route.payload, 'input') } },
            },
          }
        : {}),
      responses: { [String(route.status)]: success, ...errors },
    };
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'clawforce_access' },
      },
    },
  };
}

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

function parametersOf(
  schema: z.ZodType | undefined,
  location: 'path' | 'query',
  schemaOf: (schema: z.ZodType, io: 'input' | 'output') => JsonSchema,
): Record<string, unknown>[] {
  if (!schema) return [];
  const object = schemaOf(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

function operationId(route: RouteDefinition): string {
  const words = route.path
    .replace(/^\/api\/v1\//, '')
    .replace(/\{(\w+)\*?\}/g, 'by-$1')
    .split(/[/.-]+/)
    .filter(Boolean);
  const camel = words
    .map((word, index) => (index === 0 ? word : `${word.charAt(0).toUpperCase()}${word.slice(1)}`))
    .join('');
  return `${route.method.toLowerCase()}${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}
