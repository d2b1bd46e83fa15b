-- POST one JobMetadata per request: 2 examples, 1 integration, a static trigger.
-- Arguments: <api key> <endpoint slug> <mode: new|same> <number of jobs>
--   new:  a random job of <number of jobs>, a version no request used before (new version each request)
--   same: a random job of <number of jobs>, always version 1.0.0 (the unchanged re-registration)
dofile("bench/wrk/common.lua")

local sequence = 0

function init(args)
   common_init(args)
   path = "/api/v1/endpoints/" .. args[2] .. "/jobs"
   mode = args[3]
   jobs = tonumber(args[4])
end

function request()
   sequence = sequence + 1
   local job = math.random(1, jobs)
   local version = mode == "new" and string.format("1.%d.%d", thread_id, sequence * 1000 + math.random(0, 999)) or "1.0.0"
   local body = '{"id":"' .. mode .. '-job-' .. job .. '","name":"Bench job ' .. job .. '","version":"' .. version .. '",'
      .. '"event":{"name":"order.created","title":"Order created","source":"shop","icon":"custom-event",'
      .. '"examples":[{"id":"small","name":"Small order","payload":{"total":10}},'
      .. '{"id":"large","name":"Large order","icon":"star","payload":{"total":1000}}]},'
      .. '"trigger":{"type":"static","title":"order.created","rule":{"event":"order.created","source":"shop",'
      .. '"payload":{"total":[{"$gt":5}]}}},'
      .. '"integrations":{"mail":{"id":"mailer","metadata":{"id":"mailer","name":"Mailer"},"authSource":"LOCAL"}},'
      .. '"startPosition":"latest","enabled":true,"preprocessRuns":false}'
   return wrk.format("POST", path, headers, body)
end
