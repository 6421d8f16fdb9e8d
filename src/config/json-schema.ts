// JSON Schema of the config file, for editors (yaml-language-server), `autofix config schema`
// and the error messages' "expected ..." text. Derived from the zod schema, never hand-written.
import { z } from 'zod';
import { ConfigSchema } from './schema.js';

export const CONFIG_SCHEMA_ID = 'urn:autofix-bot:config';

/** A JSON Schema node, loosely typed: we only read the keywords zod emits. */
export interface JsonSchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  propertyNames?: JsonSchemaNode;
  additionalProperties?: JsonSchemaNode | boolean;
  required?: string[];
  [key: string]: unknown;
}

let cached: JsonSchemaNode | undefined;

/**
 * The schema of what a person may write (io: 'input'): defaults make keys optional, and the
 * categories transform is described by its input side.
 */
export function configJsonSchema(): JsonSchemaNode {
  cached ??= {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_ID,
    title: 'autofix-bot configuration (config/autofix.yml)',
    ...(z.toJSONSchema(ConfigSchema, { io: 'input' }) as JsonSchemaNode),
  };
  // A copy, so a caller that edits the result cannot change what later callers see.
  return structuredClone(cached);
}

/** Text of config/schema.json: stable formatting, so the staleness test can compare strings. */
export function configJsonSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}

/** The node describing the value at `path` (keys and list indexes), if the schema knows it. */
export function schemaAt(root: JsonSchemaNode, path: readonly PropertyKey[]): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') node = node.items;
    else if (node.properties && Object.hasOwn(node.properties, String(seg))) node = node.properties[String(seg)];
    else if (typeof node.additionalProperties === 'object' && allowsName(node, String(seg))) node = node.additionalProperties;
    else return undefined;
  }
  return node;
}

/** Keys a mapping at this node accepts (its properties, or the enum of its property names). */
export function knownKeys(node: JsonSchemaNode | undefined): string[] {
  if (!node) return [];
  if (node.properties) return Object.keys(node.properties);
  return (node.propertyNames?.enum ?? []).map(String);
}

function allowsName(node: JsonSchemaNode, name: string): boolean {
  const names = node.propertyNames?.enum;
  return !names || names.includes(name);
}
