import { env } from "cloudflare:workers";

// A test checks each key in turn: not reported.
export async function checkSettings() {
  const title = await env.SETTINGS.get("site:title");
  const theme = await env.SETTINGS.get("site:theme");
  return title === "Shop" && theme === "light";
}
