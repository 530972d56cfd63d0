// A token issuer: the lifetime comes from a constructor option, may be
// replaced by a hook's answer and shortened to what is left of a grant; a
// lifetime under the minimum is refused by an early return. The minimum is
// a module constant declared after the class, compared first (inside a
// block) with what is left of the grant.
interface IssuerOptions {
  tokenLifetime?: number;
  lifetimeHook?: (id: string) => Promise<number | undefined>;
}

interface Grant {
  id: string;
  expiresAt?: number; // seconds since the epoch
}

export class Issuer {
  constructor(
    private kv: KVNamespace,
    private options: IssuerOptions,
  ) {}

  async issue(grant: Grant): Promise<Response> {
    const now = Math.floor(Date.now() / 1000);
    if (grant.expiresAt !== undefined) {
      if (grant.expiresAt - now < MIN_LIFETIME_SECONDS) {
        return new Response("grant expired", { status: 400 });
      }
    }
    let lifetime = this.options.tokenLifetime!;
    if (this.options.lifetimeHook) {
      const answer = await this.options.lifetimeHook(grant.id);
      if (answer !== undefined) {
        lifetime = answer;
      }
    }
    if (grant.expiresAt !== undefined) {
      lifetime = Math.min(lifetime, grant.expiresAt - now);
    }
    if (lifetime < MIN_LIFETIME_SECONDS) {
      return new Response("grant expires too soon", { status: 400 });
    }
    const token = crypto.randomUUID();
    await this.kv.put(`token:${token}`, grant.id, { expirationTtl: lifetime });
    return new Response(token);
  }

  // Twin without the guard: still reported.
  async issueUnchecked(grant: Grant): Promise<Response> {
    const now = Math.floor(Date.now() / 1000);
    let lifetime = this.options.tokenLifetime!;
    if (grant.expiresAt !== undefined) {
      lifetime = Math.min(lifetime, grant.expiresAt - now);
    }
    const token = crypto.randomUUID();
    await this.kv.put(`token:${token}`, grant.id, { expirationTtl: lifetime }); // want `expirationTtl is computed from a difference of times and not clamped`
    return new Response(token);
  }
}

const MIN_LIFETIME_SECONDS = 60;
