-- One round trip for everything the server decides before a model call: the per-minute slot
-- (private.take_invoke_slot), then, only when the slot was given, the budget reservation
-- (private.reserve_budget). The API roles may not call it; the server calls it as the owner.
--
-- allowed = false: the rate limit refused (retry_after_ms), nothing was reserved and the
-- budget columns are null. allowed = true: the columns are reserve_budget's answer.
create function private.admit_invoke(
  p_user_id uuid,
  p_default_limit integer,
  p_estimate_usd numeric,
  p_ttl_seconds integer,
  p_model_id text
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
  resets_at timestamptz
)
language plpgsql
set search_path = ''
as $$
declare
  v_slot record;
begin
  select t.allowed, t.retry_after_ms, t.limit_used into v_slot
  from private.take_invoke_slot(p_user_id, p_default_limit) t;
  if not v_slot.allowed then
    return query select false, v_slot.retry_after_ms, v_slot.limit_used, null::text, null::uuid,
      null::date, null::numeric, null::numeric, null::numeric, null::timestamptz;
    return;
  end if;
  return query
    select true, 0, v_slot.limit_used, r.outcome, r.reservation_id, r.month, r.limit_usd,
      r.spent_usd, r.reserved_usd, r.resets_at
    from private.reserve_budget(p_user_id, p_estimate_usd, p_ttl_seconds, p_model_id) r;
end;
$$;

revoke all on function private.admit_invoke(uuid, integer, numeric, integer, text)
  from public, anon, authenticated, service_role;
