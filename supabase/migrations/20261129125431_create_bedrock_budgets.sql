-- Monthly USD budgets and per-user request rates for model calls, enforced in Postgres so that
-- every app instance shares one decision (DESIGN.md "Scaling out").
--
-- Why reservations: checking the budget and recording the spend afterwards lets concurrent calls
-- all pass the check (LiteLLM #34732, #40095). So before a call the server reserves the call's
-- maximum possible cost with ONE conditional UPDATE (`spent + reserved + estimate <= limit`):
-- concurrent reservations queue on the month's row lock, and each re-checks the condition
-- against what the previous one left. After the call it settles in one statement (the
-- reservation goes, the actual cost is added).
--
-- Why reservations expire: a server that crashes mid-call never settles, and a leaked
-- reservation refuses calls that would fit (LiteLLM #27639, #35569). Each reservation has an
-- expiry (longer than any call may run); the next reservation for the user releases expired ones.
--
-- Months are calendar months in UTC. NULL limits mean "not set": a user's own value wins, else
-- the admins' default applies, else there is no limit.
--
-- Access: users read their own budget, spend and reservations; admins read all and write budgets
-- and the defaults (RLS). Spend and reservations are written only by the server, as the database
-- owner, through the private functions below (the API roles may not execute them).

create table public.bedrock_budgets (
  user_id uuid primary key references auth.users (id) on delete cascade,
  monthly_usd numeric(12, 2)
    constraint bedrock_budgets_monthly_usd_check check (monthly_usd >= 0),
  requests_per_minute integer
    constraint bedrock_budgets_requests_per_minute_check
      check (requests_per_minute between 1 and 100000),
  updated_at timestamptz not null default now(),
  -- A row with neither value says nothing: clearing both deletes the row instead.
  constraint bedrock_budgets_some_value check (monthly_usd is not null or requests_per_minute is not null)
);

comment on table public.bedrock_budgets is
  'Per-user monthly USD budget and requests-per-minute for invoke.*; NULL: the default applies. Admins write; users read their own.';

-- One row: the defaults for users without their own values, and whether models without a known
-- price may be called by users who have a budget (their cost cannot be counted).
create table public.bedrock_budget_settings (
  id boolean primary key default true
    constraint bedrock_budget_settings_single_row check (id),
  default_monthly_usd numeric(12, 2)
    constraint bedrock_budget_settings_monthly_usd_check check (default_monthly_usd >= 0),
  default_requests_per_minute integer
    constraint bedrock_budget_settings_requests_per_minute_check
      check (default_requests_per_minute between 1 and 100000),
  allow_unpriced_models boolean not null default false,
  updated_at timestamptz not null default now()
);

insert into public.bedrock_budget_settings (id) values (true);

comment on table public.bedrock_budget_settings is
  'The single row of budget defaults (no limit unless set) and the allow-unpriced-models switch. Admins write; every signed-in user reads.';

-- Spent and reserved per user and UTC month. spent is initialised from the ledger when the row
-- is created (calls made while the user had no budget still count), then grows by settlements.
create table public.bedrock_budget_spend (
  user_id uuid not null references auth.users (id) on delete cascade,
  month date not null
    constraint bedrock_budget_spend_month_check check (month = date_trunc('month', month)::date),
  spent_usd numeric(16, 8) not null default 0
    constraint bedrock_budget_spend_spent_check check (spent_usd >= 0),
  reserved_usd numeric(16, 8) not null default 0
    constraint bedrock_budget_spend_reserved_check check (reserved_usd >= 0),
  primary key (user_id, month)
);

comment on table public.bedrock_budget_spend is
  'Spent and reserved USD per user and UTC month. Written only by private.reserve_budget / settle_budget.';

create table public.bedrock_budget_reservations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  month date not null,
  amount_usd numeric(16, 8) not null
    constraint bedrock_budget_reservations_amount_check check (amount_usd >= 0),
  model_id text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (user_id, month) references public.bedrock_budget_spend (user_id, month) on delete cascade
);

create index bedrock_budget_reservations_user_expires_idx
  on public.bedrock_budget_reservations (user_id, expires_at);

comment on table public.bedrock_budget_reservations is
  'Open reservations (the maximum cost of calls in flight); expired ones are released by the next reservation.';

-- --- RLS and grants -----------------------------------------------------------------------

alter table public.bedrock_budgets enable row level security;
alter table public.bedrock_budget_settings enable row level security;
alter table public.bedrock_budget_spend enable row level security;
alter table public.bedrock_budget_reservations enable row level security;

create policy "owners read their budget" on public.bedrock_budgets
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "admins read all budgets" on public.bedrock_budgets
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins add budgets" on public.bedrock_budgets
  for insert to authenticated
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins change budgets" on public.bedrock_budgets
  for update to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin')
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins remove budgets" on public.bedrock_budgets
  for delete to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

create policy "signed-in users read the budget defaults" on public.bedrock_budget_settings
  for select to authenticated using (true);
create policy "admins change the budget defaults" on public.bedrock_budget_settings
  for update to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin')
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

create policy "owners read their spend" on public.bedrock_budget_spend
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "admins read all spend" on public.bedrock_budget_spend
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

create policy "owners read their reservations" on public.bedrock_budget_reservations
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "admins read all reservations" on public.bedrock_budget_reservations
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

revoke all on table public.bedrock_budgets, public.bedrock_budget_settings,
  public.bedrock_budget_spend, public.bedrock_budget_reservations
  from public, anon, authenticated, service_role;
grant select on table public.bedrock_budgets, public.bedrock_budget_settings,
  public.bedrock_budget_spend, public.bedrock_budget_reservations to authenticated, service_role;
grant insert (user_id, monthly_usd, requests_per_minute),
  update (monthly_usd, requests_per_minute), delete
  on table public.bedrock_budgets to authenticated;
grant update (default_monthly_usd, default_requests_per_minute, allow_unpriced_models)
  on table public.bedrock_budget_settings to authenticated;

create trigger bedrock_budgets_set_updated_at
  before update on public.bedrock_budgets
  for each row execute function private.set_updated_at();
create trigger bedrock_budget_settings_set_updated_at
  before update on public.bedrock_budget_settings
  for each row execute function private.set_updated_at();

-- --- The server's functions (database owner only) -----------------------------------------

-- Releases the user's expired reservations: a crashed server's calls stop holding the budget.
-- Deleting first locks the rows, so two callers never release the same reservation twice.
create function private.release_expired_budget_reservations(p_user_id uuid)
returns void
language sql
set search_path = ''
as $$
  with expired as (
    delete from public.bedrock_budget_reservations r
    where r.user_id = p_user_id and r.expires_at <= clock_timestamp()
    returning r.month, r.amount_usd
  ), totals as (
    select e.month, sum(e.amount_usd) as amount from expired e group by e.month
  )
  update public.bedrock_budget_spend s
  set reserved_usd = s.reserved_usd - t.amount
  from totals t
  where s.user_id = p_user_id and s.month = t.month;
$$;

-- Reserves p_estimate_usd (the call's maximum cost; NULL when the model has no known price) for
-- p_ttl_seconds. outcome: 'unlimited' (no budget applies: nothing reserved), 'reserved',
-- 'refused' (would not fit), 'unpriced_allowed' / 'unpriced_refused' (no price: nothing reserved).
-- The figures describe the month after the decision.
create function private.reserve_budget(
  p_user_id uuid,
  p_estimate_usd numeric,
  p_ttl_seconds integer,
  p_model_id text
)
returns table (
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
#variable_conflict use_column
declare
  v_now timestamptz := clock_timestamp();
  v_month date := date_trunc('month', v_now at time zone 'UTC')::date;
  v_resets timestamptz := (v_month + interval '1 month')::timestamp at time zone 'UTC';
  v_limit numeric;
  v_allow_unpriced boolean;
  v_spent numeric;
  v_reserved numeric;
  v_id uuid;
begin
  if p_ttl_seconds is null or p_ttl_seconds < 1 then
    raise exception 'reserve_budget: p_ttl_seconds must be at least 1' using errcode = '22023';
  end if;
  if p_estimate_usd < 0 then
    raise exception 'reserve_budget: p_estimate_usd must not be negative' using errcode = '22023';
  end if;

  select coalesce(b.monthly_usd, s.default_monthly_usd), s.allow_unpriced_models
  into v_limit, v_allow_unpriced
  from public.bedrock_budget_settings s
  left join public.bedrock_budgets b on b.user_id = p_user_id;

  if v_limit is null then
    return query select 'unlimited', null::uuid, v_month, null::numeric, null::numeric,
      null::numeric, v_resets;
    return;
  end if;

  perform private.release_expired_budget_reservations(p_user_id);

  -- The month's row, its spent starting from what the ledger already holds for the month. Looked
  -- for first: INSERT ... SELECT would sum the month's ledger on every call, row or not.
  if not exists (
    select 1 from public.bedrock_budget_spend s where s.user_id = p_user_id and s.month = v_month
  ) then
    insert into public.bedrock_budget_spend as s (user_id, month, spent_usd)
    select p_user_id, v_month, coalesce(sum(u.cost_usd), 0)
    from public.bedrock_usage u
    where u.user_id = p_user_id
      and u.created_at >= v_month::timestamp at time zone 'UTC'
      and u.created_at < v_resets
    on conflict (user_id, month) do nothing;
  end if;

  if p_estimate_usd is null then
    select s.spent_usd, s.reserved_usd into v_spent, v_reserved
    from public.bedrock_budget_spend s where s.user_id = p_user_id and s.month = v_month;
    return query select
      case when v_allow_unpriced then 'unpriced_allowed' else 'unpriced_refused' end,
      null::uuid, v_month, v_limit, v_spent, v_reserved, v_resets;
    return;
  end if;

  -- The decision: one conditional statement. A concurrent reservation waits for this row's
  -- lock, then re-evaluates the WHERE clause against the committed figures.
  update public.bedrock_budget_spend s
  set reserved_usd = s.reserved_usd + p_estimate_usd
  where s.user_id = p_user_id and s.month = v_month
    and s.spent_usd + s.reserved_usd + p_estimate_usd <= v_limit
  returning s.spent_usd, s.reserved_usd into v_spent, v_reserved;

  if found then
    insert into public.bedrock_budget_reservations (user_id, month, amount_usd, model_id, expires_at)
    values (p_user_id, v_month, p_estimate_usd, p_model_id, v_now + make_interval(secs => p_ttl_seconds))
    returning id into v_id;
    return query select 'reserved', v_id, v_month, v_limit, v_spent, v_reserved, v_resets;
    return;
  end if;

  select s.spent_usd, s.reserved_usd into v_spent, v_reserved
  from public.bedrock_budget_spend s where s.user_id = p_user_id and s.month = v_month;
  return query select 'refused', null::uuid, v_month, v_limit, v_spent, v_reserved, v_resets;
end;
$$;

-- Settles a call in one statement: its reservation goes (if it has not expired already) and
-- p_actual_usd is added to the reservation's month. Settling twice finds no reservation the
-- second time and adds the cost again, so the server settles each reservation once.
create function private.settle_budget(
  p_reservation_id uuid,
  p_user_id uuid,
  p_month date,
  p_actual_usd numeric
)
returns void
language sql
set search_path = ''
as $$
  with released as (
    delete from public.bedrock_budget_reservations r
    where r.id = p_reservation_id
    returning r.amount_usd
  )
  insert into public.bedrock_budget_spend as s (user_id, month, spent_usd, reserved_usd)
  values (p_user_id, p_month, p_actual_usd, 0)
  on conflict (user_id, month) do update
    set spent_usd = s.spent_usd + excluded.spent_usd,
        reserved_usd = s.reserved_usd - coalesce((select sum(amount_usd) from released), 0);
$$;

-- invoke.* and connection.test per minute: the user's own limit, else the admins' default,
-- else p_default_limit (LIMIT_INVOKES_PER_MINUTE); one call, so the look-up costs no round trip.
create function private.take_invoke_slot(p_user_id uuid, p_default_limit integer)
returns table (allowed boolean, retry_after_ms integer, limit_used integer)
language plpgsql
set search_path = ''
as $$
declare
  v_limit integer;
begin
  select coalesce(b.requests_per_minute, s.default_requests_per_minute, p_default_limit)
  into v_limit
  from public.bedrock_budget_settings s
  left join public.bedrock_budgets b on b.user_id = p_user_id;
  v_limit := coalesce(v_limit, p_default_limit);
  return query
    select t.allowed, t.retry_after_ms, v_limit
    from private.take_rate_limit_slot('invoke:' || p_user_id::text, v_limit, 60) t;
end;
$$;

revoke all on function private.release_expired_budget_reservations(uuid)
  from public, anon, authenticated, service_role;
revoke all on function private.reserve_budget(uuid, numeric, integer, text)
  from public, anon, authenticated, service_role;
revoke all on function private.settle_budget(uuid, uuid, date, numeric)
  from public, anon, authenticated, service_role;
revoke all on function private.take_invoke_slot(uuid, integer)
  from public, anon, authenticated, service_role;
