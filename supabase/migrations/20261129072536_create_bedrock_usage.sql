-- The usage ledger: one row per AWS call made for a user (success, error or a stream the client
-- abandoned), with tokens, timings and cost. Prompts and answers are never stored.
--
-- * A count that is not known (an abandoned stream never sees Bedrock's usage event) is NULL,
--   never 0; likewise cost_usd is NULL when the model has no known price ("unknown", not $0).
-- * input_tokens is Bedrock's inputTokens, which EXCLUDES cache reads and writes; the cost was
--   computed with all three (see src/lib/server/usage/pricing.ts).
-- * created_at is when the call was made (set by the server), not when the row arrived: rows
--   are written off the request path in batches and may arrive late after a database outage.
-- * Owners read their own rows, admins read all. The API roles cannot insert, update or
--   delete: the server writes only through private.record_bedrock_usage(jsonb).

create table public.bedrock_usage (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  model_id text not null,
  base_model_id text,
  inference_profile_id text,
  region text not null
    constraint bedrock_usage_region_format check (region ~ '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$'),
  operation text not null
    constraint bedrock_usage_operation_check check (operation in
      ('converse', 'converse_stream', 'invoke_model', 'invoke_model_stream', 'connection_test')),
  status text not null
    constraint bedrock_usage_status_check check (status in ('ok', 'error', 'aborted')),
  aws_error text,
  input_tokens integer constraint bedrock_usage_input_tokens_check check (input_tokens >= 0),
  output_tokens integer constraint bedrock_usage_output_tokens_check check (output_tokens >= 0),
  cache_read_tokens integer
    constraint bedrock_usage_cache_read_tokens_check check (cache_read_tokens >= 0),
  cache_write_tokens integer
    constraint bedrock_usage_cache_write_tokens_check check (cache_write_tokens >= 0),
  aws_latency_ms integer,
  duration_ms integer not null,
  first_token_ms integer,
  cost_usd numeric(14, 8) constraint bedrock_usage_cost_check check (cost_usd >= 0),
  price_version text,
  aws_request_id text,
  created_at timestamptz not null default now()
);

comment on table public.bedrock_usage is
  'One row per AWS call made for a user. NULL token counts and NULL cost mean unknown, never 0. No prompts or answers.';

-- Keyset pages, newest first, per user and for admins across users.
create index bedrock_usage_user_created_idx on public.bedrock_usage (user_id, created_at desc, id desc);
create index bedrock_usage_created_idx on public.bedrock_usage (created_at desc, id desc);

alter table public.bedrock_usage enable row level security;

create policy "owners read their usage" on public.bedrock_usage
  for select to authenticated
  using ((select auth.uid()) = user_id);
create policy "admins read all usage" on public.bedrock_usage
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

revoke all on table public.bedrock_usage from public, anon, authenticated, service_role;
grant select on table public.bedrock_usage to authenticated;
grant select on table public.bedrock_usage to service_role;

-- The one way rows get in: a batch as a JSON array of objects keyed like the columns.
-- Security definer so it works for the server's role whatever its table grants; nobody but
-- service_role (and the owner) may execute it.
create function private.record_bedrock_usage(p_rows jsonb)
returns integer
language sql
security definer
set search_path = ''
as $$
  with inserted as (
    insert into public.bedrock_usage (
      user_id, model_id, base_model_id, inference_profile_id, region, operation, status,
      aws_error, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
      aws_latency_ms, duration_ms, first_token_ms, cost_usd, price_version, aws_request_id,
      created_at
    )
    select r.user_id, r.model_id, r.base_model_id, r.inference_profile_id, r.region, r.operation,
           r.status, r.aws_error, r.input_tokens, r.output_tokens, r.cache_read_tokens,
           r.cache_write_tokens, r.aws_latency_ms, r.duration_ms, r.first_token_ms, r.cost_usd,
           r.price_version, r.aws_request_id, coalesce(r.created_at, now())
    from jsonb_to_recordset(p_rows) as r (
      user_id uuid, model_id text, base_model_id text, inference_profile_id text, region text,
      operation text, status text, aws_error text, input_tokens integer, output_tokens integer,
      cache_read_tokens integer, cache_write_tokens integer, aws_latency_ms integer,
      duration_ms integer, first_token_ms integer, cost_usd numeric, price_version text,
      aws_request_id text, created_at timestamptz
    )
    -- A user deleted while their row waited in the queue: nothing to attribute it to.
    where exists (select 1 from auth.users u where u.id = r.user_id)
    returning 1
  )
  select count(*)::integer from inserted;
$$;

comment on function private.record_bedrock_usage(jsonb) is
  'Server-only writer of public.bedrock_usage (a JSON array of rows); returns how many were inserted.';

revoke all on function private.record_bedrock_usage(jsonb) from public, anon, authenticated;
grant execute on function private.record_bedrock_usage(jsonb) to service_role;
