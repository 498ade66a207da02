-- The price lists a policy may name (checked when the policy is loaded).
SELECT DISTINCT name FROM product_price_list WHERE active ORDER BY name
