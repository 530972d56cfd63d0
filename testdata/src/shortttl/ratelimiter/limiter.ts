// A rate-limiter library: the namespace and the window come in through
// constructor options and are kept in fields.
export interface LimiterOptions {
  kv: KVNamespace;
  windowSec: number;
  limit: number;
}

export class FixedWindowLimiter {
  #kv: KVNamespace;
  #window: number;
  private limit: number;

  constructor(opts: LimiterOptions) {
    this.#kv = opts.kv;
    this.#window = opts.windowSec;
    this.limit = opts.limit;
  }

  async hit(id: string): Promise<boolean> {
    const key = `rl:${id}`;
    const count = Number((await this.#kv.get(key)) ?? 0);
    if (count >= this.limit) return false;
    await this.#kv.put(key, String(count + 1), { expirationTtl: this.#window }); // want `expirationTtl is computed from an option kept in a field and not clamped`
    return true;
  }

  // The window ends on a boundary: in its last minute, the put fails.
  async hitAligned(id: string): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const windowStart = now - (now % this.#window);
    await this.#kv.put(`rl:${id}:${windowStart}`, "1", { expiration: windowStart + this.#window }); // want `expiration is a window boundary`
    await this.#kv.put(`rl:${id}:${windowStart}`, "1", { expiration: now - (now % 60) + 60 }); // want `expiration can be as little as 0 seconds after now`
    await this.#kv.put(`rl:${id}:${windowStart}`, "1", { expiration: Math.max(now + 60, windowStart + this.#window) });
  }
}

// The must-not-fire twin: the constructor clamps the window.
export class SafeLimiter {
  #kv: KVNamespace;
  #window: number;

  constructor(opts: LimiterOptions) {
    this.#kv = opts.kv;
    this.#window = Math.max(60, opts.windowSec);
  }

  async hit(id: string): Promise<void> {
    await this.#kv.put(`rl:${id}`, "1", { expirationTtl: this.#window });
  }
}

// TypeScript parameter properties are fields too; a clamp by
// reassignment clamps.
export class SlidingLimiter {
  constructor(private readonly kv: KVNamespace, private readonly windowSec: number) {}

  async hit(id: string): Promise<void> {
    await this.kv.put(`rl:${id}`, "1", { expirationTtl: this.windowSec }); // want `computed from an option kept in a field`
    let ttl = this.windowSec;
    if (ttl < 60) ttl = 60;
    await this.kv.put(`rl:${id}`, "1", { expirationTtl: ttl });
  }
}
