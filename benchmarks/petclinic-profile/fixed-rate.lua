-- The fixed-rate wrk script of petclinic.sh: each request takes the next slot of one schedule of RATE per second.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } pacing_timespec;
int clock_gettime(int clock_id, pacing_timespec *tp);
]]
local now = ffi.new("pacing_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, now)
  return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
end
local interval_ms = 1000 / tonumber(os.getenv("RATE"))
local next_slot_ms = nil
function delay()
  local t = now_ms()
  next_slot_ms = (next_slot_ms or t) + interval_ms
  return math.max(0, next_slot_ms - t)
end
