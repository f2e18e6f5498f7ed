-- test/nvim/driver.lua — Groundwork's language server in a second real LSP client: headless
-- Neovim (Debian 12 ships 0.7.2; its built-in client, vim.lsp.start_client + buf_attach_client,
-- since vim.lsp.start is 0.8+). Started by test/nvim/run.mjs as
--   nvim --headless --clean -n -i NONE -c "luafile test/nvim/driver.lua"
-- with GROUNDWORK_NVIM_CONFIG=<config.json>:
--   { "cmd": ["node", "/repo/dist/server.js", "--stdio"], "root": "/tmp/ws", "file": "/tmp/ws/briefs/sample-b.md",
--     "timeout": 15000, "out": "/tmp/result.json" }
-- It opens the brief, runs the checks below through the client's own request API, and writes
-- { client, tests = [{ name, ok, ms, error?, detail? }], serverExit } to cfg.out, then quits
-- (exit 0 all passed, 1 a check failed). Positions sent to the server are UTF-16 (LSP); the
-- buffer is edited with byte columns, converted with vim.str_utfindex / vim.str_byteindex.

local uv = vim.loop
local t0 = uv.hrtime()
local function ms() return math.floor((uv.hrtime() - t0) / 1e6) end
local function readfile(p) local f = assert(io.open(p, 'r')); local s = f:read('*a'); f:close(); return s end
local function writefile(p, s) local f = assert(io.open(p, 'w')); f:write(s); f:close() end
local function log(msg) io.stderr:write(string.format('[nvim +%.2fs] %s\n', ms() / 1000, msg)) end

local cfg = vim.json.decode(readfile(assert(os.getenv('GROUNDWORK_NVIM_CONFIG'), 'GROUNDWORK_NVIM_CONFIG is not set')))
local TIMEOUT = cfg.timeout or 15000
local v = vim.version()
local out = { client = ('neovim %d.%d.%d'):format(v.major, v.minor, v.patch), tests = {}, serverMessages = {} }

local function finish(code)
  out.totalMs = ms()
  local ok, json = pcall(vim.json.encode, out)
  if not ok then json = vim.fn.json_encode(out) end
  writefile(cfg.out, json)
  vim.cmd(code == 0 and 'qa!' or ('cquit ' .. code))
end

-- whatever happens, leave (run.mjs has its own, longer, watchdog that kills nvim)
local watchdog = uv.new_timer()
watchdog:start(cfg.totalTimeout or 60000, 0, vim.schedule_wrap(function()
  table.insert(out.tests, { name = 'driver finished in time', ok = false, error = 'watchdog: total timeout reached' })
  finish(1)
end))

-- ------------------------------------------------------------------ client
local file_uri = vim.uri_from_fname(cfg.file)
local last_diags, publish_count = nil, 0
local statuses = {}
local initialized, exited = false, nil

local handlers = {
  ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result and result.uri == file_uri then
      last_diags = result.diagnostics or {}
      publish_count = publish_count + 1
    end
    return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
  end,
  ['groundwork/status'] = function(_, result) if result then table.insert(statuses, result) end end,
  ['window/logMessage'] = function(_, result) if result then table.insert(out.serverMessages, result.message) end end,
  ['window/showMessage'] = function(_, result) if result then table.insert(out.serverMessages, result.message) end end,
}

local client_id = vim.lsp.start_client({
  name = 'groundwork',
  cmd = cfg.cmd,
  root_dir = cfg.root,
  workspace_folders = { { uri = vim.uri_from_fname(cfg.root), name = vim.fn.fnamemodify(cfg.root, ':t') } },
  capabilities = vim.lsp.protocol.make_client_capabilities(),
  settings = { groundwork = { corpus = { path = 'corpus' } } },
  handlers = handlers,
  flags = { debounce_text_changes = 0 },
  on_init = function() initialized = true end,
  on_exit = function(code, signal) exited = { code = code, signal = signal } end,
})

vim.cmd('edit ' .. vim.fn.fnameescape(cfg.file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'markdown'
if client_id then vim.lsp.buf_attach_client(bufnr, client_id) end

-- ------------------------------------------------------------------ helpers
local function line_text(l) return vim.api.nvim_buf_get_lines(bufnr, l, l + 1, false)[1] or '' end
local function buf_text() return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') end
local function contains(hay, s) return string.find(hay or '', s, 1, true) ~= nil end

-- LSP position (UTF-16) <-> byte column
local function lsp_pos(line, bytecol)
  local _, u16 = vim.str_utfindex(line_text(line), bytecol)
  return { line = line, character = u16 }
end
local function bytecol(line, u16) return vim.str_byteindex(line_text(line), u16, true) end
local function range_text(r)
  if r.start.line ~= r['end'].line then return nil end
  local l = line_text(r.start.line)
  return string.sub(l, bytecol(r.start.line, r.start.character) + 1, bytecol(r.start.line, r['end'].character))
end
-- first occurrence of needle: 0-based line, 0-based byte column of its start
local function find(needle)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = string.find(l, needle, 1, true)
    if s then return i - 1, s - 1 end
  end
  error(('%q is not in the buffer'):format(needle))
end

local function request(method, params, timeout)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout or TIMEOUT)
  if not res then error(method .. ' failed: ' .. tostring(err)) end
  local r = res[client_id]
  if not r then error(method .. ': no answer from the server') end
  if r.error or r.err then error(method .. ': ' .. vim.inspect(r.error or r.err)) end
  return r.result
end

-- poll fn until it returns a truthy value (errors count as "not yet"); error out after timeout
local function poll(fn, timeout, what)
  local deadline = ms() + (timeout or TIMEOUT)
  local last_err
  while true do
    local ok, val = pcall(fn)
    if ok and val then return val end
    if not ok then last_err = val end
    if ms() > deadline then
      error(('timed out after %d ms waiting for %s%s'):format(timeout or TIMEOUT, what, last_err and (': ' .. tostring(last_err)) or ''))
    end
    vim.wait(50)
  end
end

local function unknown_diag(key)
  for _, d in ipairs(last_diags or {}) do
    if d.code == 'unknown-source' and range_text(d.range) ~= nil and contains(range_text(d.range), key) then return d end
  end
end

local failed = false
local function test(name, fn)
  local ts = ms()
  local rec = { name = name }
  if failed and not cfg.continueOnFail then
    rec.ok = false; rec.error = 'skipped after an earlier failure'; rec.ms = 0
  else
    local ok, detail = pcall(fn)
    rec.ms = ms() - ts
    rec.ok = ok
    if ok then rec.detail = detail else rec.error = tostring(detail); failed = true end
  end
  table.insert(out.tests, rec)
  log(('%s %s (%d ms)%s'):format(rec.ok and 'ok  ' or 'FAIL', name, rec.ms, rec.error and (': ' .. rec.error) or ''))
end

-- ------------------------------------------------------------------ checks
test('server starts and initializes over stdio', function()
  if not client_id then error('vim.lsp.start_client returned nil') end
  poll(function() return initialized or exited ~= nil end, TIMEOUT, 'initialize')
  if not initialized then error('server exited before initializing: ' .. vim.inspect(exited)) end
  local client = vim.lsp.get_client_by_id(client_id)
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  if not caps.completionProvider then error('no completionProvider in the server capabilities') end
  return { offsetEncoding = client.offset_encoding, triggerCharacters = caps.completionProvider.triggerCharacters }
end)

test('groundwork/status reports 4 sources ready', function()
  local s = poll(function()
    for _, st in ipairs(statuses) do if st.state == 'ready' and st.sources == 4 then return st end end
  end, TIMEOUT, 'a ready status with 4 sources (got ' .. vim.inspect(statuses) .. ')')
  return { sources = s.sources, passages = s.passages }
end)

test('publishDiagnostics: unknown-source (groundwork, error) on zagsuren2025', function()
  local d = poll(function() return unknown_diag('zagsuren2025') end, TIMEOUT, 'the unknown-source diagnostic on zagsuren2025')
  if d.source ~= 'groundwork' then error('source is ' .. tostring(d.source)) end
  if d.severity ~= 1 then error('severity is ' .. tostring(d.severity) .. ', expected 1 (error)') end
  -- also reaches Neovim's own diagnostic store
  local mine = vim.tbl_filter(function(x) return contains(x.message, 'zagsuren2025') end, vim.diagnostic.get(bufnr))
  if #mine == 0 then error('vim.diagnostic.get() has no diagnostic about zagsuren2025') end
  return { message = d.message, range = d.range, total = #last_diags, publishes = publish_count }
end)

local completion_labels
test('completion after typing " [@" ranks zagdsuren2025 first (sortText)', function()
  -- a new sentence about combat drones, typed key by key at the end of the "New partners" paragraph
  local line = find('social and economic factors [@].')
  local sentence = ' Turkey and Iran supply combat drones to the region'
  local col = #line_text(line)
  vim.api.nvim_buf_set_text(bufnr, line, col, line, col, { sentence })
  col = col + #sentence
  for _, ch in ipairs({ ' ', '[', '@' }) do
    vim.api.nvim_buf_set_text(bufnr, line, col, line, col, { ch })
    col = col + 1
  end
  local pos = lsp_pos(line, col)
  local params = { textDocument = { uri = file_uri }, position = pos, context = { triggerKind = 2, triggerCharacter = '@' } }
  local items
  poll(function()
    local r = request('textDocument/completion', params)
    items = (r and (r.items or r)) or {}
    return #items >= 4
  end, TIMEOUT, 'completion items')
  table.sort(items, function(a, b) return (a.sortText or a.label) < (b.sortText or b.label) end)
  completion_labels = vim.tbl_map(function(it) return it.label end, items)
  for _, k in ipairs({ 'zagdsuren2025', 'talantbekova2024', 'russia-kyrgyzstan-2023', 'najibullah2008' }) do
    if not vim.tbl_contains(completion_labels, k) then error('missing corpus key ' .. k .. ' in ' .. vim.inspect(completion_labels)) end
  end
  if completion_labels[1] ~= 'zagdsuren2025' then error('first item is ' .. tostring(completion_labels[1]) .. ': ' .. table.concat(completion_labels, ', ')) end
  -- accept it as a client does (textEdit, else insertText/label at the cursor), then close the citation
  local chosen = items[1]
  if chosen.textEdit then
    local te = chosen.textEdit
    if te.insert then te = { range = te.insert, newText = te.newText } end
    vim.lsp.util.apply_text_edits({ te }, bufnr, 'utf-16')
  else
    local text = chosen.insertText or chosen.label
    vim.api.nvim_buf_set_text(bufnr, line, col, line, col, { text })
  end
  local lt = line_text(line)
  local c = #lt
  vim.api.nvim_buf_set_text(bufnr, line, c, line, c, { '].' })
  if not contains(line_text(line), 'combat drones to the region [@zagdsuren2025].') then
    error('after accepting: ' .. string.sub(line_text(line), -90))
  end
  return { items = completion_labels, sortText = items[1].sortText, detail = items[1].detail }
end)

test('hover on [@zagdsuren2025] shows a passage about "combat drones"', function()
  local line, col = find('combat drones to the region [@zagdsuren2025]')
  col = col + #'combat drones to the region [@' + 4
  local params = { textDocument = { uri = file_uri }, position = lsp_pos(line, col) }
  local text
  poll(function()
    local r = request('textDocument/hover', params)
    if not r or not r.contents then return false end
    local c = r.contents
    text = type(c) == 'string' and c or (c.value or table.concat(vim.tbl_map(function(x) return type(x) == 'string' and x or x.value or '' end, c), '\n'))
    return contains(text, 'combat drones')
  end, TIMEOUT, 'a hover containing "combat drones" (last: ' .. tostring(text) .. ')')
  return { hover = string.sub(text, 1, 400) }
end)

test('quick fix (textDocument/codeAction) replaces zagsuren2025 with zagdsuren2025', function()
  local line, col = find('[@zagsuren2025]')
  local pos = lsp_pos(line, col + 4)
  local d = poll(function() return unknown_diag('zagsuren2025') end, TIMEOUT, 'the unknown-source diagnostic (after the edits)')
  local actions, chosen
  poll(function()
    actions = request('textDocument/codeAction', { textDocument = { uri = file_uri }, range = { start = pos, ['end'] = pos },
      context = { diagnostics = { d }, only = { 'quickfix' } } }) or {}
    for _, a in ipairs(actions) do
      if not chosen and a.title and contains(a.title, 'zagdsuren2025') then chosen = a end
    end
    return chosen
  end, TIMEOUT, 'a quick fix mentioning zagdsuren2025')
  if not chosen.edit then chosen = request('codeAction/resolve', chosen) or chosen end
  if not chosen.edit then error('the quick fix has no edit: ' .. vim.inspect(chosen)) end
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local text = buf_text()
  if contains(text, 'zagsuren2025') then error('zagsuren2025 is still in the text') end
  if not contains(text, "the region's independence [@zagdsuren2025].") then error('the fixed citation is not in the text') end
  -- the server re-checks the edited buffer: the diagnostic goes away
  local before = publish_count
  poll(function() return publish_count > before and not unknown_diag('zagsuren2025') end, TIMEOUT, 'the diagnostic to go away')
  return { applied = chosen.title, offered = vim.tbl_map(function(a) return a.title end, actions) }
end)

-- ------------------------------------------------------------------ done
if client_id then
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return exited ~= nil end, 20)
  if not exited then vim.lsp.stop_client(client_id, true); vim.wait(1000, function() return exited ~= nil end, 20) end
end
out.serverExit = exited
finish(failed and 1 or 0)
