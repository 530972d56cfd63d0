// Finding the kvlint executable, kept apart from the extension so that it
// can be tested without VS Code.
import * as fs from "fs";
import * as path from "path";

export interface FindOptions {
  /** The kvlint.path setting ("" when unset). */
  setting: string;
  /** The workspace folders' paths, first to last. */
  folders: string[];
  /** The PATH environment variable. */
  pathEnv: string;
  platform: NodeJS.Platform;
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * findKvlint returns the kvlint to run: the kvlint.path setting (relative
 * to the first workspace folder when not absolute), else the first
 * workspace folder's node_modules/.bin/kvlint (the npm package), else kvlint
 * on PATH; undefined if there is none.
 */
export function findKvlint(o: FindOptions): string | undefined {
  const exe = o.platform === "win32" ? ["kvlint.exe", "kvlint.cmd", "kvlint"] : ["kvlint"];
  if (o.setting) {
    const p = path.isAbsolute(o.setting) || o.folders.length === 0 ? o.setting : path.join(o.folders[0], o.setting);
    return isExecutable(p) || o.platform === "win32" ? p : undefined;
  }
  for (const folder of o.folders) {
    for (const name of exe) {
      const p = path.join(folder, "node_modules", ".bin", name);
      if (isExecutable(p)) {
        return p;
      }
    }
  }
  for (const dir of o.pathEnv.split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const name of exe) {
      const p = path.join(dir, name);
      if (isExecutable(p)) {
        return p;
      }
    }
  }
  return undefined;
}
