export default {
  async fetch(request: Request, env: Env) {
    const x = ;
  },
};
