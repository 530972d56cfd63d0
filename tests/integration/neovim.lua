-- Driven by neovim.sh: Neovim's own LSP client (0.7: start_client and
-- buf_attach_client) runs `kvlint lsp` on a Worker file; the diagnostics
-- read back with vim.diagnostic.get() are written to $KVLINT_OUT, one per
-- line, after opening the file and after editing its buffer (unsaved).
local root = vim.env.KVLINT_PROJ
local out = assert(io.open(vim.env.KVLINT_OUT, "w"))
local function log(s) out:write(s .. "\n"); out:flush() end

local client_id = vim.lsp.start_client({
  name = "kvlint",
  cmd = { vim.env.KVLINT_BIN, "lsp" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "worker" } },
  on_exit = function(code) log("exit " .. tostring(code)) end,
})
if not client_id then log("start_client failed"); out:close(); vim.cmd("qa!") end

vim.cmd("edit " .. root .. "/src/index.ts")
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)

local function codeOf(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
end

local function has(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if codeOf(d) == code then return true end
  end
  return false
end

local function dump(label)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = codeOf(d)
    log(string.format("%s %d:%d severity=%d source=%s code=%s %s", label, d.lnum + 1, d.col + 1, d.severity, d.source or "", code, d.message))
  end
end

local got = vim.wait(20000, function() return has("shortttl") end, 50)
log("open " .. (got and "diagnostics" or "timeout"))
dump("open")

-- An unsaved edit: the TTL of 30 s becomes an hour; shortttl goes.
local line = vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]
vim.api.nvim_buf_set_lines(buf, 6, 7, false, { (line:gsub("expirationTtl: 30", "expirationTtl: 3600")) })
local cleared = vim.wait(20000, function() return not has("shortttl") end, 50)
log("edit " .. (cleared and "cleared" or "timeout"))
dump("edit")

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
log("done")
out:close()
vim.cmd("qa!")
