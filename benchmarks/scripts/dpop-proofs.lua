-- wrk script: every request carries the DPoP-bound token of DPOP_TOKEN_FILE and the next unused proof of
-- PROOFS_FILE (a proof is single use: the threads share the file out, line i to thread i mod threads); when the
-- proofs run out, requests carry none and are refused, which the report shows as non-2xx
local threads_started = 0
function setup(thread)
  thread:set("id", threads_started)
  threads_started = threads_started + 1
end

local proofs = {}
local token
local counter = 0
function init(args)
  token = io.lines(os.getenv("DPOP_TOKEN_FILE"))()
  local count = tonumber(os.getenv("WRK_THREADS"))
  local i = 0
  for line in io.lines(os.getenv("PROOFS_FILE")) do
    if i % count == id then
      proofs[#proofs + 1] = line
    end
    i = i + 1
  end
end

request = function()
  counter = counter + 1
  local proof = proofs[counter]
  if proof == nil then
    return wrk.format("GET", "/api/data", { ["Authorization"] = "DPoP " .. token })
  end
  return wrk.format("GET", "/api/data", { ["Authorization"] = "DPoP " .. token, ["DPoP"] = proof })
end
