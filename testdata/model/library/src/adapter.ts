// A structural stand-in for KVNamespace, as libraries declare one to avoid
// depending on @cloudflare/workers-types; next to it, a store interface
// with plain get and put that any backend may implement.
export interface IWorkerKV {
  delete(key: string): Promise<void>;
  get<T = unknown>(key: string, type?: "text" | "json" | "arrayBuffer" | "stream"): Promise<T | null>;
  put(
    key: string,
    value: string | ArrayBuffer | ReadableStream,
    options?: { expiration?: number; expirationTtl?: number; metadata?: unknown },
  ): Promise<void>;
}

export interface StateStore {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, ttlSeconds?: number): Promise<void>;
}

export interface StateOptions {
  kv: IWorkerKV;
  fallback: StateStore;
}

export class StateAdapter {
  private readonly kv: IWorkerKV;
  private readonly fallback: StateStore;
  constructor(options: StateOptions) {
    this.kv = options.kv;
    this.fallback = options.fallback;
  }
  async subscribe(thread: string) {
    await this.kv.put(`sub:${thread}`, "1"); // kv
    await this.fallback.put(`sub:${thread}`, "1");
  }
  async read(thread: string) {
    return (await this.kv.get(`sub:${thread}`, "text")) ?? (await this.fallback.get(thread)); // kv
  }
}
