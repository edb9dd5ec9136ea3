-- Counts one confirmed order into its day, once per event id, atomically: the marker and the counts are
-- written together or not at all, so a redelivered or replayed event (or one handled again after a crash
-- between this script and the consumer's commit) changes nothing.
-- KEYS[1] the event's marker, KEYS[2] the day's sorted set, KEYS[3] the time of the newest order counted
-- ARGV[1] when the day stops being needed (epoch seconds), ARGV[2] the order's time (epoch millis),
-- ARGV[3..] product option id, quantity, product option id, quantity, ...
if not redis.call('SET', KEYS[1], '1', 'NX', 'EXAT', ARGV[1]) then
  return 0
end
for i = 3, #ARGV, 2 do
  redis.call('ZINCRBY', KEYS[2], ARGV[i + 1], ARGV[i])
end
redis.call('EXPIREAT', KEYS[2], ARGV[1])
local newest = tonumber(redis.call('GET', KEYS[3]) or '0')
if tonumber(ARGV[2]) > newest then
  redis.call('SET', KEYS[3], ARGV[2])
end
return 1
