-- Makes the gate's holders those of the database (the source of truth), atomically.
-- KEYS[1] the coupon's holders; ARGV the customer ids that hold it
redis.call('DEL', KEYS[1])
for i = 1, #ARGV, 500 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 499, #ARGV)))
end
return #ARGV
