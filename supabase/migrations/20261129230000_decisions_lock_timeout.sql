-- The server's decisions (db/pipelined.ts serverDecision) are sent as one statement, in its own
-- implicit transaction, so there is no transaction-local setup before them any more. The one
-- setting they need travels with the functions instead: a call queued behind a row lock held by
-- a stuck transaction gives up after 3 s (SQLSTATE 55P03) rather than waiting for the app's
-- database deadline. A function's SET clause applies to every lock wait inside it, nested calls
-- included, and is restored when it returns.
alter function private.take_rate_limit_slot(text, integer, integer) set lock_timeout = '3s';
alter function private.take_invoke_slot(uuid, integer) set lock_timeout = '3s';
alter function private.reserve_budget(uuid, numeric, integer, text) set lock_timeout = '3s';
alter function private.settle_budget(uuid, uuid, date, numeric) set lock_timeout = '3s';
alter function private.admit_invoke(uuid, integer, numeric, integer, text) set lock_timeout = '3s';
