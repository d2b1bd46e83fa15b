-- GET a path: either fixed, or with %d replaced by a random number in 1..<n>.
-- Arguments: <api key> <path> [n]
dofile("bench/wrk/common.lua")

function init(args)
   common_init(args)
   template = args[2]
   n = tonumber(args[3] or "0")
end

function request()
   local path = n > 0 and string.format(template, math.random(1, n)) or template
   return wrk.format("GET", path, headers)
end
