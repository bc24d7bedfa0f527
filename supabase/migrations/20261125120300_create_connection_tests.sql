-- The latest connection test result per user (overwritten by each new test), so the dashboard
-- can show it after a reload and admins can see who has working credentials.
--
-- checks: array of { id, action, status, message, hint } as the connection test reports them.
-- Never a secret: messages come from AWS error names and our own hints, not from requests.
-- Owners read and write their own row through RLS; admins read every row.

create table public.connection_tests (
  user_id uuid primary key references auth.users (id) on delete cascade,
  tested_at timestamptz not null default now(),
  status text not null
    constraint connection_tests_status_check check (status in ('pass', 'fail', 'partial')),
  checks jsonb not null default '[]'::jsonb
    constraint connection_tests_checks_is_array check (jsonb_typeof(checks) = 'array'),
  region text not null
    constraint connection_tests_region_format check (region ~ '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$')
);

comment on table public.connection_tests is
  'Latest AWS connection test per user (upsert on user_id). checks never contains secrets.';

alter table public.connection_tests enable row level security;

create policy "owners read their connection test" on public.connection_tests
  for select to authenticated
  using ((select auth.uid()) = user_id);
create policy "owners record their connection test" on public.connection_tests
  for insert to authenticated
  with check ((select auth.uid()) = user_id);
create policy "owners replace their connection test" on public.connection_tests
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
create policy "admins read all connection tests" on public.connection_tests
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

revoke all on table public.connection_tests from public, anon, authenticated, service_role;
grant select on table public.connection_tests to authenticated;
grant insert (user_id, tested_at, status, checks, region) on table public.connection_tests to authenticated;
grant update (tested_at, status, checks, region) on table public.connection_tests to authenticated;
grant all on table public.connection_tests to service_role;
