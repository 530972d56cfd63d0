const stateKey = "state_v1";

export async function loadState() {
  return STATE.get(stateKey, "json");
}

export async function saveState(data) {
  return writeKey(stateKey, JSON.stringify(data));
}

export async function writeKey(key, value, expirationTtl) {
  return STATE.put(key, value, { expirationTtl });
}
