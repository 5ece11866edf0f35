/** Serialises a vector as pgvector's text form, to pass as a query parameter (`$1::vector`). */
export function toVectorSql(vector: ArrayLike<number>): string {
  const parts: string[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i] as number;
    if (!Number.isFinite(value)) throw new RangeError(`vector component ${i} is not a finite number`);
    parts[i] = String(value);
  }
  return `[${parts.join(',')}]`;
}

/** Parses pgvector's text form (`[1,2,3]`) as returned by both drivers. */
export function fromVectorSql(text: string): number[] {
  const inner = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.length === 0 ? [] : inner.split(',').map(Number);
}
