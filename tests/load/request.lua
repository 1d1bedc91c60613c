-- wrk script: POST a Claude Code PreToolUse hook for COMMAND, in one session or (SESSIONS > 1) spread over
-- SESSIONS session ids, so that the engine sees a different policy input on each request. With NEW_SESSION_EVERY=N,
-- every Nth request comes from a session never seen before and the others from one busy session.
local command = os.getenv("COMMAND") or "git status"
local sessions = tonumber(os.getenv("SESSIONS") or "1")
local new_session_every = tonumber(os.getenv("NEW_SESSION_EVERY") or "0")
local counter = 0

local function body(session)
  return string.format(
    '{"bundles":["universal"],"event":{"session_id":"%s","transcript_path":"/tmp/t.jsonl","cwd":"/workspace",'
      .. '"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"%s"}}}',
    session, command:gsub('"', '\\"'))
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
  return wrk.format(nil, nil, nil, body(session))
end
