-- The first-come gate of a limited coupon: admits a customer once, and no more customers than the coupon's
-- quantity, in the order the requests reach Redis (one script at a time).
-- KEYS[1] the coupon's holders (a set of customer ids); ARGV[1] the customer, ARGV[2] the quantity
-- Returns 1 admitted, 0 sold out, -1 already a holder.
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return -1
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
