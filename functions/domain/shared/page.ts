/** One page of a list: at most `limit` items and the cursor of the next page (`null` on the last one). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** What a caller asks of a list: a page size and, after the first page, the cursor it was given. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}
