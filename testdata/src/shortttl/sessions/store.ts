// A session store: TTLs come from an options object the caller passes.
export interface SessionOptions {
  ttl?: number;
  rolling?: boolean;
}

export interface Session {
  id: string;
  expiresAt: number; // seconds since the epoch
}

export class SessionStore {
  constructor(private kv: KVNamespace) {}

  async save(session: Session, data: string, options: SessionOptions) {
    const { ttl = 86400 } = options;
    await this.kv.put(`s:${session.id}`, data, { expirationTtl: ttl }); // want `expirationTtl is computed from a parameter's property`
  }

  // Options filled in by assignment, or chosen by a conditional, count as
  // written.
  async touch(id: string, data: string, options: SessionOptions) {
    const putOptions: KVNamespacePutOptions = {};
    if (options.rolling) putOptions.expirationTtl = options.ttl;
    await this.kv.put(`s:${id}`, data, putOptions); // want `expirationTtl is computed from a parameter's property`
    const t = options.ttl;
    await this.kv.put(`s:${id}`, data, t ? { expirationTtl: t } : undefined); // want `computed from a parameter's property`
  }

  // Twins: a clamp by reassignment, an early throw, Math.max.
  async saveClamped(id: string, data: string, options: SessionOptions) {
    let ttl = options.ttl ?? 86400;
    if (ttl < 60) ttl = 60;
    await this.kv.put(`s:${id}`, data, { expirationTtl: ttl });
    const { ttl: raw = 3600 } = options;
    if (raw < 60) throw new Error("session ttl must be at least a minute");
    await this.kv.put(`s:${id}`, data, { expirationTtl: raw });
    await this.kv.put(`s:${id}`, data, { expirationTtl: Math.max(60, options.ttl ?? 0) });
  }

  // The absolute expiration of a stored session may be less than a minute
  // away.
  async refresh(id: string, data: string) {
    const session = await this.kv.get<Session>(`s:${id}`, "json");
    if (!session) return;
    await this.kv.put(`s:${id}`, data, { expiration: session.expiresAt }); // want `expiration is a timestamp read from storage or a request, not proven`
    const now = Math.floor(Date.now() / 1000);
    await this.kv.put(`s:${id}`, data, { expiration: Math.max(now + 60, session.expiresAt) });
    const exp = session.expiresAt;
    if (exp < now + 60) {
      await this.kv.delete(`s:${id}`);
      return;
    }
    await this.kv.put(`s:${id}`, data, { expiration: exp });
  }

  // A timestamp passed in, converted from a Date: it is that time, not now.
  async saveUntil(id: string, data: string, until: string) {
    await this.kv.put(`s:${id}`, data, { expiration: Math.floor(new Date(until).getTime() / 1000) }); // want `expiration is a timestamp passed in`
  }
}

// Not clamps: Math.max(1, x), and a TTL kept only when it is short (with
// a fallback of 0, that is the TTL whenever the option is left out).
export async function saveLoose(kv: KVNamespace, id: string, options: SessionOptions) {
  await kv.put(id, "1", { expirationTtl: Math.max(1, options.ttl ?? 0) }); // want `not clamped`
  const ttl = options.ttl ?? 0;
  await kv.put(id, "1", { expirationTtl: ttl < 60 ? ttl : undefined }); // want `expirationTtl is 0 when its default or fallback applies`
  const given = options.ttl;
  await kv.put(id, "1", { expirationTtl: given && given < 60 ? given : undefined }); // want `not clamped`
}
