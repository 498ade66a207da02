-- Of the candidate customers $1, those no other daemon is processing; locked until commit.
SELECT c AS customer_id
FROM unnest($1::bigint[]) AS c
WHERE tierd.try_lock_customer(c)
