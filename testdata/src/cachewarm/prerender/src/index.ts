import { savePage, render } from "./store";

class PageStore {
  constructor(private kv: KVNamespace) {}
  async save(path: string, html: string) {
    await savePage(this.kv, path, html);
  }
}

const TOP_PAGES = ["/", "/pricing", "/blog"];

export default {
  // A cron that "pre-renders into KV" through the store helpers: each write
  // warms only this location.
  async scheduled(_c: ScheduledController, env: { HTML: KVNamespace }) {
    for (const path of await listPaths()) {
      await savePage(env.HTML, path, await render(path)); // want `call of savePage\(\), which writes KV, in a loop in a scheduled handler looks like cache warming`
    }
    const store = new PageStore(env.HTML);
    await Promise.all(TOP_PAGES.map((p) => store.save(p, "<h1/>"))); // want `call of save\(\), which writes KV, in a loop over a constant list of keys`
    // Rendering alone writes nothing.
    for (const path of TOP_PAGES) await render(path);
  },

  // The request's own pages, saved in bulk: a normal bulk write.
  async fetch(request: Request, env: { HTML: KVNamespace }) {
    const pages: { path: string; html: string }[] = await request.json();
    for (const p of pages) await savePage(env.HTML, p.path, p.html);
    return new Response("saved");
  },
};

async function listPaths(): Promise<string[]> {
  const res = await fetch("https://origin/sitemap.json");
  return res.json();
}
