-- wrk script: POST a Claude Code PreToolUse hook for COMMAND, in one session or (SESSIONS > 1) spread over
-- SESSIONS session ids. With DIRS > 1 the working directory changes too (spread over DIRS directories): `cwd` is
-- part of every policy input, so the engine then evaluates each request from scratch. With NEW_SESSION_EVERY=N,
-- every Nth request comes from a session never seen before and the others from one busy session.
local command = os.getenv("COMMAND") or "git status"
local sessions = tonumber(os.getenv("SESSIONS") or "1")
local dirs = tonumber(os.getenv("DIRS") or "1")
local new_session_every = tonumber(os.getenv("NEW_SESSION_EVERY") or "0")
local counter = 0

local function body(session, cwd)
  return string.format(
    '{"bundles":["universal"],"event":{"session_id":"%s","transcript_path":"/tmp/t.jsonl","cwd":"%s",'
      .. '"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"%s"}}}',
    session, cwd, command:gsub('"', '\\"'))
end

wrk.method = "POST"
wrk.path = "/policy/claude-code/PreToolUse"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local session = "load-" .. tostring(counter % sessions)
  if new_session_every > 0 then
    session = (counter % new_session_every == 0) and ("new-" .. tostring(counter)) or "busy"
  end
  local cwd = "/workspace"
  if dirs > 1 then
    cwd = "/workspace/" .. tostring(counter % dirs)
  end
  return wrk.format(nil, nil, nil, body(session, cwd))
end
