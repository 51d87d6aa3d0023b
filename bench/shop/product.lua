-- wrk script: GET /api/products/{id} over the catalog's 50 products (cached reads).
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", string.format("/api/products/p%03d", counter % 50 + 1))
end
