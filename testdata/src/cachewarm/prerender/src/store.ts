// The page store: one put per page.
export async function savePage(kv: KVNamespace, path: string, html: string) {
  await kv.put(`page:${path}`, html, { expirationTtl: 86400 });
}

export async function render(path: string): Promise<string> {
  return `<h1>${path}</h1>`;
}
