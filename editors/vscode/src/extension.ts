// The kvlint extension: runs `kvlint lsp` (kvlint's language server) for
// the workspace and shows its findings, quick fixes and rule docs.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { findKvlint } from "./find";

let client: LanguageClient | undefined;

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file").map((f) => f.uri.fsPath);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration("kvlint");
  if (!cfg.get<boolean>("enable", true)) {
    return;
  }
  const command = findKvlint({
    setting: cfg.get<string>("path", ""),
    folders: folders(),
    pathEnv: process.env.PATH ?? "",
    platform: process.platform,
  });
  if (!command) {
    void vscode.window.showWarningMessage(
      "kvlint: no kvlint executable found (set kvlint.path, or install it: npm install --save-dev kvlint).",
    );
    return;
  }
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["typescript", "typescriptreact", "javascript", "javascriptreact"].map((language) => ({
      scheme: "file",
      language,
    })),
    initializationOptions: { configFile: cfg.get<string>("configFile", "") },
    synchronize: {
      configurationSection: "kvlint",
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{wrangler.toml,wrangler.json,wrangler.jsonc,kvlint.toml,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs}",
      ),
    },
  };
  client = new LanguageClient("kvlint", "kvlint", serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    await old.stop();
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("kvlint.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("kvlint.enable") || e.affectsConfiguration("kvlint.path")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
