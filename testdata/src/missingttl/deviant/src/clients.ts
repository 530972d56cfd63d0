// OAuth client registrations: updates apply the optional registration TTL,
// creation forgets it.
export class Clients {
  constructor(private env: { STORE: KVNamespace; DATA: KVNamespace }, private ttl?: number) {}

  async update(id: string, client: object) {
    const opts: { expirationTtl?: number } = {};
    if (this.ttl) opts.expirationTtl = this.ttl;
    await this.env.DATA.put(`client:${id}`, JSON.stringify(client), opts);
  }

  async create(id: string, client: object) {
    await this.env.DATA.put(`client:${id}`, JSON.stringify(client)); // want `put to DATA never expires, while the put at deviant/src/clients.ts:9 may give keys "client:" of DATA a TTL`
  }

  async rotate(id: string, client: object) {
    const opts = this.ttl ? { expirationTtl: this.ttl } : {};
    await this.env.DATA.put(`client:${id}:old`, JSON.stringify(client), opts);
  }
}
