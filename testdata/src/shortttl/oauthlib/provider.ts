// An OAuth provider library: options are spread over defaults and kept in a
// field; a helper class holds the provider and writes with its options. The
// access-token lifetime is checked in the constructor (a throw below the
// minimum is a clamp for every later use of the field); the registration
// lifetime is not, so a caller's `registrationTTL: 1` makes the put fail.
export interface ProviderOptions {
  accessTokenTTL?: number;
  registrationTTL?: number;
}

const MIN_TTL = 60;

export class Provider {
  options: ProviderOptions;

  constructor(private kv: KVNamespace, options: ProviderOptions) {
    this.options = { accessTokenTTL: 3600, registrationTTL: 7776000, ...options };
    if (!Number.isInteger(this.options.accessTokenTTL) || this.options.accessTokenTTL! < MIN_TTL) {
      throw new TypeError("accessTokenTTL must be at least 60 seconds");
    }
  }

  helpers(): Helpers {
    return new Helpers(this.kv, this);
  }

  async register(id: string, info: string): Promise<void> {
    const kvOptions: { expirationTtl?: number } = {};
    if (this.options.registrationTTL !== undefined) {
      kvOptions.expirationTtl = this.options.registrationTTL;
    }
    await this.kv.put(`client:${id}`, info, kvOptions); // want `expirationTtl is computed from a parameter's property and not clamped`
  }

  async issue(id: string): Promise<void> {
    await this.kv.put(`token:${id}`, "1", { expirationTtl: this.options.accessTokenTTL });
  }
}

class Helpers {
  constructor(private kv: KVNamespace, private provider: Provider) {}

  async issue(id: string): Promise<void> {
    const ttl = this.provider.options.accessTokenTTL || 3600;
    await this.kv.put(`token:${id}`, "1", { expirationTtl: ttl });
  }

  async updateClient(id: string, info: string): Promise<void> {
    await this.kv.put(`client:${id}`, info, {
      expirationTtl: this.provider.options.registrationTTL, // want `expirationTtl is computed from a parameter's property and not clamped`
    });
  }
}
