-- POST the very EXECUTE_JOB the service sent (captured from the SDK endpoint) straight to the endpoint.
-- Arguments: <headers file: one "name: value" a line> <body file>
dofile("bench/wrk/common.lua")

local function read(path)
   local file = assert(io.open(path, "rb"))
   local content = file:read("*a")
   file:close()
   return content
end

function init(args)
   headers = {}
   for line in read(args[1]):gmatch("[^\n]+") do
      local name, value = line:match("^([^:]+):%s*(.*)$")
      if name then
         headers[name] = value
      end
   end
   body = read(args[2])
end

function request()
   return wrk.format("POST", nil, headers, body)
end
