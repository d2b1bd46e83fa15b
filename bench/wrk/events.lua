-- POST events, each with an id no request used before.
-- Arguments: <api key> <events per request: 1 = POST /api/v1/events, more = POST /api/v1/events/bulk> <event name>
dofile("bench/wrk/common.lua")

local sequence = 0

function init(args)
   common_init(args)
   per_request = tonumber(args[2])
   name = args[3]
   run = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))
   path = per_request == 1 and "/api/v1/events" or "/api/v1/events/bulk"
end

local function event()
   sequence = sequence + 1
   return '{"name":"' .. name .. '","id":"bench-' .. run .. '-' .. thread_id .. '-' .. sequence .. '",'
      .. '"payload":{"n":' .. sequence .. ',"user":{"email":"a@b.c"}}}'
end

function request()
   if per_request == 1 then
      return wrk.format("POST", path, headers, '{"event":' .. event() .. '}')
   end
   local events = {}
   for i = 1, per_request do
      events[i] = event()
   end
   return wrk.format("POST", path, headers, '{"events":[' .. table.concat(events, ",") .. ']}')
end
