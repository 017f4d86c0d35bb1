/** The object without its `undefined` fields (zod's optional outputs), typed for exact optional properties. */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

export function defined<T extends object>(value: T): Defined<T> {
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) result[key] = inner;
  return result as Defined<T>;
}
