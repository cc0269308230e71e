-- wrk script for Benchmarks/ingest: sends the Standard Webhooks events that `sluice-bench sign` signed for this
-- run, each exactly once, to /hooks/<source>; counts the 202s and keeps the event id of each.
--
-- Environment: INGEST_SIGNED (the signed file), INGEST_SOURCE (the source name), INGEST_THREADS (wrk's -t),
-- INGEST_ACKED_FILE (where done() writes the acked event ids, one per line), INGEST_FORGE=1 to change one
-- character of every signature (the receiver then does all its work but the write, and answers 401). Results go to
-- stdout as name=value lines. Signing happens before the run, so the measured cores go to the receiver and
-- PostgreSQL.

local threads = {}

function setup(thread)
    thread:set("slot", #threads)
    table.insert(threads, thread)
end

-- Each thread formats its share of the signed events (every INGEST_THREADS-th line) into ready requests.
function init(args)
    local count = tonumber(os.getenv("INGEST_THREADS"))
    local path = "/hooks/" .. os.getenv("INGEST_SOURCE")
    local forge = os.getenv("INGEST_FORGE") == "1"
    requests, next_request, acked, rejected, failed, exhausted = {}, 0, {}, 0, 0, 0
    local n = 0
    for line in io.lines(os.getenv("INGEST_SIGNED")) do
        if n % count == slot then
            local id, timestamp, signature, body = line:match("^(%S+) (%S+) (%S+) (%S+)$")
            if forge then
                signature = "v1," .. (signature:sub(4, 4) == "A" and "B" or "A") .. signature:sub(5)
            end
            requests[#requests + 1] = wrk.format("POST", path, {
                ["Content-Type"] = "application/json",
                ["webhook-id"] = id,
                ["webhook-timestamp"] = timestamp,
                ["webhook-signature"] = signature,
            }, body)
        end
        n = n + 1
    end
end

-- Past the last signed event the last one goes again: the receiver answers 200 (duplicate), counted apart.
function request()
    if next_request < #requests then
        next_request = next_request + 1
    else
        exhausted = exhausted + 1
    end
    return requests[next_request]
end

function response(status, headers, body)
    local id = status == 202 and body:match('"id":(%d+)')
    if id then
        acked[#acked + 1] = id
    elseif status == 401 then
        rejected = rejected + 1
    else
        failed = failed + 1
    end
end

function done(summary, latency, requests)
    local out = assert(io.open(os.getenv("INGEST_ACKED_FILE"), "w"))
    local total, rejections, failures, exhausted_total = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        local ids = thread:get("acked")
        for _, id in ipairs(ids) do out:write(id, "\n") end
        total = total + #ids
        rejections = rejections + thread:get("rejected")
        failures = failures + thread:get("failed")
        exhausted_total = exhausted_total + thread:get("exhausted")
    end
    out:close()
    local errors = summary.errors
    local seconds = summary.duration / 1e6
    print(string.format("ingest_acked=%d", total))
    print(string.format("ingest_failed=%d", failures + errors.connect + errors.read + errors.write + errors.timeout))
    print(string.format("ingest_exhausted=%d", exhausted_total))
    print(string.format("ingest_seconds=%.3f", seconds))
    print(string.format("ingest_rate=%.0f", total / seconds))
    print(string.format("ingest_rejected=%d", rejections))
    print(string.format("ingest_rejected_rate=%.0f", rejections / seconds))
    print(string.format("ingest_p50_ms=%.2f", latency:percentile(50) / 1000))
    print(string.format("ingest_p99_ms=%.2f", latency:percentile(99) / 1000))
end
