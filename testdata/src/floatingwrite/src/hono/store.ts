// A store class a Hono middleware puts in the context for every route.
export class ViewStore {
  constructor(private kv: KVNamespace) {}
  async record(id: string, at: number) {
    await this.kv.put(`view:${id}`, String(at), { expirationTtl: 86400 });
  }
}

// A logger with the same method name that writes no KV.
export class Audit {
  lines: string[] = [];
  async record(id: string, at: number) {
    this.lines.push(`${id} ${at}`);
  }
}
