-- wrk script: POST a Claude Code PreToolUse hook for COMMAND, in one session or (SESSIONS > 1) spread over
-- SESSIONS session ids, so that the engine sees a different policy input on each request.
local command = os.getenv("COMMAND") or "git status"
local sessions = tonumber(os.getenv("SESSIONS") or "1")
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
  return wrk.format(nil, nil, nil, body(session))
end
