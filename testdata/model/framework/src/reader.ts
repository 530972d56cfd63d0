// A handler module that only reads a middleware variable: nothing in its
// text says KV, so the variable set elsewhere (variables.ts) is what makes
// it worth parsing.
export async function readPage(c: { get(name: string): any; var: any; req: { param(n: string): string } }) {
  const id = c.req.param("id");
  const hit = await c.get("pageStore").get(id); // kv
  c.var.pageStore.delete(id); // kv
  return hit;
}
