-- wrk script: product.lua's cached reads at a fixed offered rate. Debian's
-- wrk has no rate limit (wrk2's -R), so each connection waits PACE_MS
-- (default 20) before each request: 20 connections then offer 1,000
-- requests/s, less only by the time the answers take.
local counter = 0
local pace = tonumber(os.getenv("PACE_MS") or "20")
function request()
  counter = counter + 1
  return wrk.format("GET", string.format("/api/products/p%03d", counter % 50 + 1))
end
function delay()
  return pace
end
