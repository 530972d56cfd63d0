import { save, mixed } from "./helpers.js";

export default {
  async fetch(request, env) {
    await save(env.CACHE, "k", "v");
    await mixed(new Map(), "c");
    return new Response("ok");
  },
};
