-- Per-key call counters for rate limits that every app instance must share (DESIGN.md
-- "Scaling out"): invoke.* and connection.test per user (LIMIT_INVOKES_PER_MINUTE), and sign-in
-- attempts per client IP and per email. The decision is one statement in Postgres, so two
-- instances can never both take the last slot.
--
-- Window: fixed, anchored at the first call of the window (not at the calendar minute), so
-- `limit` calls are allowed in any window that starts with a call; the retry time is when the
-- current window ends.
--
-- bucket: the server's own key, e.g. 'invoke:<user uuid>', 'sign-in-ip:<address>',
-- 'sign-in-email:<sha-256 of the lower-cased address>' (never the address itself).
--
-- Only the server (the database owner) reads or writes these: the API roles have no grant on
-- the table and may not execute the function, so a user cannot reset their own counter.

create table private.rate_limit_windows (
  bucket text primary key
    constraint rate_limit_windows_bucket_length check (char_length(bucket) between 1 and 200),
  window_started_at timestamptz not null,
  calls integer not null
    constraint rate_limit_windows_calls_positive check (calls >= 1)
);

comment on table private.rate_limit_windows is
  'Rate-limit windows per bucket; written only by private.take_rate_limit_slot (server only).';

revoke all on table private.rate_limit_windows from public, anon, authenticated, service_role;

create function private.take_rate_limit_slot(
  p_bucket text,
  p_limit integer,
  p_window_seconds integer
)
returns table (allowed boolean, used integer, retry_after_ms integer)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_now timestamptz := clock_timestamp();
  v_window interval;
  v_calls integer;
  v_started timestamptz;
begin
  if p_limit is null or p_limit < 1 then
    raise exception 'take_rate_limit_slot: p_limit must be at least 1' using errcode = '22023';
  end if;
  if p_window_seconds is null or p_window_seconds < 1 then
    raise exception 'take_rate_limit_slot: p_window_seconds must be at least 1' using errcode = '22023';
  end if;
  v_window := make_interval(secs => p_window_seconds);

  -- Buckets for passing client addresses would pile up: now and then, drop day-old windows.
  if random() < 0.01 then
    delete from private.rate_limit_windows where window_started_at < v_now - interval '1 day';
  end if;

  -- ON CONFLICT locks the existing row: concurrent callers for one bucket queue here, and the
  -- WHERE clause decides for each against the count the previous one left.
  insert into private.rate_limit_windows as w (bucket, window_started_at, calls)
  values (p_bucket, v_now, 1)
  on conflict (bucket) do update
    set window_started_at =
          case when w.window_started_at + v_window <= v_now then v_now else w.window_started_at end,
        calls = case when w.window_started_at + v_window <= v_now then 1 else w.calls + 1 end
    where w.window_started_at + v_window <= v_now or w.calls < p_limit
  returning w.calls into v_calls;

  if found then
    return query select true, v_calls, 0;
    return;
  end if;

  select w.calls, w.window_started_at into v_calls, v_started
  from private.rate_limit_windows w
  where w.bucket = p_bucket;
  return query select
    false,
    v_calls,
    greatest(1, ceil(extract(epoch from (v_started + v_window - v_now)) * 1000))::integer;
end;
$$;

comment on function private.take_rate_limit_slot(text, integer, integer) is
  'Takes one call from the bucket''s current window if fewer than p_limit were taken; else says when the window ends.';

revoke all on function private.take_rate_limit_slot(text, integer, integer)
  from public, anon, authenticated, service_role;

-- The same window, read without taking a call: for budgets that count failures only (sign-in
-- attempts), checked before the attempt. 0 when a call may go ahead, else the wait in ms.
create function private.rate_limit_retry_after_ms(
  p_bucket text,
  p_limit integer,
  p_window_seconds integer
)
returns integer
language sql
stable
set search_path = ''
as $$
  select coalesce((
    select greatest(
      1,
      ceil(extract(epoch from (
        w.window_started_at + make_interval(secs => p_window_seconds) - clock_timestamp()
      )) * 1000)
    )::integer
    from private.rate_limit_windows w
    where w.bucket = p_bucket
      and w.calls >= p_limit
      and w.window_started_at + make_interval(secs => p_window_seconds) > clock_timestamp()
  ), 0);
$$;

revoke all on function private.rate_limit_retry_after_ms(text, integer, integer)
  from public, anon, authenticated, service_role;
