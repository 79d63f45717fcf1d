-- One page for `wrk -s bench/page.lua`, as bench.pages configures it
-- through the environment: BENCH_METHOD (GET or POST), BENCH_COOKIE (the
-- Cookie header of a logged-in or CSRF-holding browser), BENCH_BODY (a
-- form body, for the login POST), BENCH_AUTH (an Authorization header: the
-- API's bearer token). Sent as a browser sends it, accepting
-- compressed answers.
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
local auth = os.getenv("BENCH_AUTH") or ""
if auth ~= "" then
  wrk.headers["Authorization"] = auth
end
local body = os.getenv("BENCH_BODY") or ""
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
