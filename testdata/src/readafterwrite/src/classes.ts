import { Files, Profiles } from "./profiles";

interface Env { PROFILES: KVNamespace; FILES: R2Bucket }

export async function update(env: Env, id: string, body: string) {
  const profiles = new Profiles(env.PROFILES);
  await profiles.save(id, body);
  return profiles.load(id); // want `after a put of the same key`
}

export class Handler {
  #profiles: Profiles;
  #files: Files;
  #save: (id: string, body: string) => Promise<void>;

  constructor(env: Env) {
    this.#profiles = new Profiles(env.PROFILES);
    this.#files = new Files(env.FILES);
    this.#save = (id, body) => this.#profiles.save(id, body);
  }

  async put(id: string, body: string) {
    await this.#save(id, body);
    return this.#profiles.load(id); // want `after a put of the same key`
  }

  // Fine: R2 and a Map, read after write as much as it likes.
  async putFile(id: string, body: string) {
    await this.#files.save(id, body);
    return this.#files.load(id);
  }

  // Fine: another key.
  async copy(id: string, body: string) {
    await this.#profiles.save(id, body);
    return this.#profiles.load(`${id}:old`);
  }
}
