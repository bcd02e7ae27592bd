-- wrk script: POSTs the JSON body in the file given after "--", e.g.
--   wrk -s bench/post.lua http://127.0.0.1:19101/v1/doubler/latest -- /tmp/single.json
-- wrk itself reports answers that are not 2xx ("Non-2xx or 3xx responses"); run.sh checks that line.
function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
