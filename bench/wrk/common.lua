-- Shared by the wrk scripts: the API key, a per-thread random seed and a JSON summary at the end.
-- wrk ... -s bench/wrk/<script>.lua <url> -- <api key> [script arguments]

local counter = 0
local threads = {}

function setup(thread)
   counter = counter + 1
   thread:set("thread_id", counter)
   table.insert(threads, thread)
end

function common_init(args)
   api_key = args[1]
   math.randomseed(os.time() * 1000 + thread_id)
   headers = {["Authorization"] = "Bearer " .. api_key, ["Content-Type"] = "application/json"}
end

-- One JSON line for bench.py: counts, and latency percentiles in milliseconds.
function done(summary, latency, requests)
   local non2xx = 0
   for _, thread in ipairs(threads) do
      non2xx = non2xx + (thread:get("non2xx") or 0)
   end
   io.write(string.format(
      'RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f}\n',
      summary.requests, summary.duration / 1e6,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      non2xx,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

non2xx = 0
function response(status, headers, body)
   if status >= 300 then
      non2xx = non2xx + 1
      if non2xx <= 3 then
         io.stderr:write("HTTP " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
      end
   end
end
