-- wrk script: every connection checks out carts filled beforehand, one
-- customer after another (customers b<thread>_<n>), with POST /api/orders.
-- Run with as many threads as connections so each has its own sequence.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
end

function request()
  counter = counter + 1
  local body = string.format('{"customer_id": "b%d_%d", "payment_method": "card"}', thread_id, counter)
  return wrk.format("POST", "/api/orders", {["Content-Type"] = "application/json"}, body)
end
