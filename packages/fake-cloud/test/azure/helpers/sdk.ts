/** Every item of an SDK pager, following `nextLink` pages as the SDK does. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The error an SDK call rejects with; fails the test when the call succeeds. */
export async function restError(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode?: number; code?: string; message: string };
  }
  throw new Error("expected the call to fail");
}
