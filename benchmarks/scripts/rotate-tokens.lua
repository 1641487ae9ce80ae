-- wrk script: every request carries the next token of tokens.txt (distinct tokens defeat the cache)
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  tokens[#tokens + 1] = line
end
local counter = 0
request = function()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("GET", "/api/data", { ["Authorization"] = "Bearer " .. token })
end
