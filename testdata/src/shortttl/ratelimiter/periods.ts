// Rate limiters whose window is an option typed as a union of numbers, kept
// in a private field with a default.
export namespace Limiter {
  export interface Options {
    limit: number;
    // The window, in seconds.
    period: 10 | 60;
  }
  export interface SlowOptions {
    limit: number;
    period: 60 | 3600;
  }
}

// Reported: a window of 10 seconds is a TTL KV rejects.
export class FastLimiter {
  #period: Limiter.Options["period"];
  constructor(private readonly kv: KVNamespace, options?: Limiter.Options) {
    this.#period = options?.period ?? 60;
  }
  async hit(key: string) {
    const count = Number(await this.kv.get(key)) + 1;
    await this.kv.put(key, String(count), {
      expirationTtl: this.#period, // want "expirationTtl 10 is below KV's minimum of 60 seconds"
    });
    return count;
  }
}

// Fine: every window the type allows is at least 60 seconds.
export class SlowLimiter {
  #period: Limiter.SlowOptions["period"];
  constructor(private readonly kv: KVNamespace, options?: Limiter.SlowOptions) {
    this.#period = options?.period ?? 3600;
  }
  async hit(key: string) {
    const count = Number(await this.kv.get(key)) + 1;
    await this.kv.put(key, String(count), { expirationTtl: this.#period });
    return count;
  }
}
