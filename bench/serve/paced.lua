-- wrk script: each connection cycles through the dashboard's panel
-- endpoints and waits WRK_DELAY_MS between requests, so -c N gives about
-- N * 1000 / WRK_DELAY_MS requests a second (Debian's wrk has no -R).
local panels = {"kpis", "events_per_minute", "revenue_per_hour", "funnel", "top_products",
                "hourly_traffic", "abandonment", "pipeline_health"}
local ranges = {"1h", "24h", "7d", "all"}
local counter = 0
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "10")

request = function()
  counter = counter + 1
  local path = "/api/dashboard/" .. panels[counter % #panels + 1] .. "?range=" .. ranges[counter % #ranges + 1]
  return wrk.format("GET", path, {["Accept-Encoding"] = "gzip"})
end

delay = function()
  return pause
end
