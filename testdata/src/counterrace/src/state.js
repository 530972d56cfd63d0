// A service-worker global, read and written through two levels of helpers
// in another module (state-io.js), as status pages do from a cron trigger.
import { loadState, saveState } from "./state-io";

export async function check(event) {
  const state = await loadState();
  state.runs += 1;
  await saveState(state); // want `this call puts a value computed from the get of the same key`
  // The helpers with a fresh value: not a write-back.
  await saveState({ runs: 0 });
}
