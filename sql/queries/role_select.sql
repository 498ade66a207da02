-- Names the daemon's role ($1) for the grant files run later in this transaction.
SELECT set_config('tierd.role', $1, true)
