-- The warm-up mix for `wrk -s bench/mix.lua`: every page of BENCH_MIX (one
-- path a line; a leading "@" sends BENCH_COOKIE, the logged-in browser's,
-- a leading "!" BENCH_AUTH, the API client's bearer token)
-- in turn, each thread stopping after BENCH_PER_THREAD responses.
local paths = {}
for line in string.gmatch(os.getenv("BENCH_MIX") or "/", "[^\n]+") do
  paths[#paths + 1] = line
end
local cookie = os.getenv("BENCH_COOKIE") or ""
local auth = os.getenv("BENCH_AUTH") or ""
local limit = tonumber(os.getenv("BENCH_PER_THREAD") or "0")
local turn, answered = 0, 0

function request()
  turn = turn % #paths + 1
  local path, headers = paths[turn], {["Accept-Encoding"] = "gzip, deflate, br"}
  if path:sub(1, 1) == "@" then
    path = path:sub(2)
    headers["Cookie"] = cookie
  elseif path:sub(1, 1) == "!" then
    path = path:sub(2)
    headers["Authorization"] = auth
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  answered = answered + 1
  if limit > 0 and answered >= limit then
    wrk.thread:stop()
  end
end
