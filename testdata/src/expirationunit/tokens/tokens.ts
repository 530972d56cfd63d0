// A token store: expirations built from JavaScript clocks, through
// variables, helpers and Date objects.
const HOUR_MS = 60 * 60 * 1000;

function expiresAtMs(ttlMs: number) {
  return Date.now() + ttlMs;
}

function toSeconds(ms: number) {
  return Math.floor(ms / 1000);
}

export class TokenStore {
  constructor(private kv: KVNamespace) {}

  async issue(token: string, remember: boolean) {
    let expires = Date.now() + HOUR_MS;
    if (remember) expires += 30 * 24 * HOUR_MS;
    await this.kv.put(`t:${token}`, "1", { expiration: expires }); // want `expiration is computed in milliseconds`
    await this.kv.put(`t:${token}`, "1", { expiration: expiresAtMs(HOUR_MS) }); // want `milliseconds`
    await this.kv.put(`t:${token}`, "1", { expiration: toSeconds(expiresAtMs(HOUR_MS)) });
    const at = new Date();
    at.setTime(at.getTime() + HOUR_MS);
    await this.kv.put(`t:${token}`, "1", { expiration: at.getTime() }); // want `milliseconds`
    await this.kv.put(`t:${token}`, "1", { expiration: Math.floor(at.getTime() / 1000) });
    const opts: KVNamespacePutOptions = {};
    opts.expiration = at.valueOf();
    await this.kv.put(`t:${token}`, "1", opts); // want `milliseconds`
  }

  // Seconds however they are reached: an hour boundary, a Date parsed from
  // a string, a stored number of seconds.
  async renew(token: string, until: string) {
    await this.kv.put(`t:${token}`, "1", { expiration: Math.ceil(Date.now() / 3_600_000) * 3600 + 3600 });
    await this.kv.put(`t:${token}`, "1", { expiration: Math.floor(new Date(until).getTime() / 1000) });
    await this.kv.put(`t:${token}`, "1", { expiration: Date.parse(until) / 1000 });
    await this.kv.put(`t:${token}`, "1", { expiration: Date.parse(until) }); // want `milliseconds`
  }

  // A Date set to a time passed in reads back in milliseconds, whatever
  // the time was; divided by 1000 it is seconds.
  async restore(token: string, savedAt: number) {
    const at = new Date();
    at.setTime(savedAt);
    await this.kv.put(`t:${token}`, "1", { expiration: at.getTime() }); // want `expiration is computed in milliseconds`
    await this.kv.put(`t:${token}`, "1", { expiration: Math.floor(at.getTime() / 1000) + 3600 });
  }
}
