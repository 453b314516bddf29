import type { z } from 'zod';

/** What kind of value a fact holds, as far as a rule's operators care. */
export type FactKind = 'boolean' | 'number' | 'string' | 'list' | 'object' | 'other';

export interface FactShape {
  kind: FactKind;
  /** For enums and literals: the allowed values, so `equals: "emtpy"` is caught at load time. */
  values?: readonly unknown[];
  /** For lists of objects: the item's schema. For objects: the object's schema. */
  inner?: z.ZodType;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, unknown>;
  values?: unknown[];
  options?: z.ZodType[];
};
const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;

/** Strips nullable/optional/default wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (
      (def.type === 'nullable' || def.type === 'optional' || def.type === 'default' || def.type === 'readonly') &&
      def.innerType
    )
      s = def.innerType;
    else return s;
  }
}

export function shapeOf(schema: z.ZodType): FactShape {
  const s = unwrap(schema);
  const def = defOf(s);
  switch (def.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'number':
    case 'int':
      return { kind: 'number' };
    case 'string':
      return { kind: 'string' };
    case 'enum':
      return { kind: 'string', values: Object.values(def.entries ?? {}) };
    case 'literal':
      return {
        kind:
          typeof def.values?.[0] === 'number' ? 'number' : typeof def.values?.[0] === 'boolean' ? 'boolean' : 'string',
        values: def.values ?? [],
      };
    case 'array':
      return { kind: 'list', inner: def.element! };
    case 'object':
      return { kind: 'object', inner: s };
    default:
      return { kind: 'other' };
  }
}

/** Resolves a dotted fact path (`ssh.permitRootLogin`) in an object schema; null when no such fact. */
export function resolveFact(objectSchema: z.ZodType, path: string): FactShape | null {
  let current: z.ZodType = objectSchema;
  for (const part of path.split('.')) {
    const s = unwrap(current);
    const def = defOf(s);
    if (def.type !== 'object' || !def.shape || !Object.hasOwn(def.shape, part)) return null;
    current = def.shape[part]!;
  }
  return shapeOf(current);
}

/** The names of the facts an object schema declares, for "did you mean" messages. */
export function factNames(objectSchema: z.ZodType): string[] {
  const def = defOf(unwrap(objectSchema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
