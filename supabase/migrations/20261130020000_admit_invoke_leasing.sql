-- admit_invoke, plus a lease: for a user with no monthly budget (outcome 'unlimited': nothing is
-- reserved, so only the per-minute limit is decided here), the calling instance also takes a
-- share of what is left of the user's minute, and admits that many further calls itself without
-- a round trip (budgets/invoke-leases.ts). The share is a tenth of what is left (at most
-- p_lease_max - 1 extra calls), so near the limit every call is decided here again, one by one.
--
-- Slots leased and not used are counted as used until the window ends: with several instances a
-- user may be refused up to a tenth of the limit early, never let past it. A user with a budget
-- gets no lease: each call's cost is reserved here, as before.
--
-- leased: extra calls taken for the instance (0 when none); lease_ms: how long they stay valid
-- (until the window ends), measured on the database's clock so no clock skew matters.
create function private.admit_invoke_leasing(
  p_user_id uuid,
  p_default_limit integer,
  p_estimate_usd numeric,
  p_ttl_seconds integer,
  p_model_id text,
  p_lease_max integer
)
returns table (
  allowed boolean,
  retry_after_ms integer,
  limit_used integer,
  outcome text,
  reservation_id uuid,
  month date,
  limit_usd numeric,
  spent_usd numeric,
  reserved_usd numeric,
  resets_at timestamptz,
  leased integer,
  lease_ms integer
)
language plpgsql
set search_path = ''
set lock_timeout = '3s'
as $$
declare
  v_admit record;
  v_bucket text := 'invoke:' || p_user_id::text;
  v_calls integer;
  v_window_end timestamptz;
  v_extra integer := 0;
  v_lease_ms integer := 0;
begin
  select a.* into v_admit
  from private.admit_invoke(p_user_id, p_default_limit, p_estimate_usd, p_ttl_seconds, p_model_id) a;

  if v_admit.allowed and v_admit.outcome = 'unlimited' and p_lease_max > 1 then
    -- take_invoke_slot's upsert already holds this row's lock until commit: a concurrent
    -- admission waits, then sees the calls leased here.
    select w.calls, w.window_started_at + interval '60 seconds'
    into v_calls, v_window_end
    from private.rate_limit_windows w
    where w.bucket = v_bucket;
    v_extra := greatest(0, least(p_lease_max - 1, (v_admit.limit_used - v_calls) / 10));
    v_lease_ms := floor(extract(epoch from (v_window_end - clock_timestamp())) * 1000)::integer;
    if v_extra > 0 and v_lease_ms > 0 then
      update private.rate_limit_windows w set calls = w.calls + v_extra where w.bucket = v_bucket;
    else
      v_extra := 0;
      v_lease_ms := 0;
    end if;
  end if;

  return query select v_admit.allowed, v_admit.retry_after_ms, v_admit.limit_used, v_admit.outcome,
    v_admit.reservation_id, v_admit.month, v_admit.limit_usd, v_admit.spent_usd,
    v_admit.reserved_usd, v_admit.resets_at, v_extra, v_lease_ms;
end;
$$;

revoke all on function private.admit_invoke_leasing(uuid, integer, numeric, integer, text, integer)
  from public, anon, authenticated, service_role;
