-- Local stand-in for what a Supabase project's database already has before any app migration
-- runs: the API roles, the `extensions` and `auth` schemas, GoTrue's tables and the auth.*()
-- helpers that RLS policies call. Mirrors supabase/postgres init scripts and GoTrue migrations
-- (see /work/shared/reference/supabase-local.md §1, §2, §7), trimmed to what this project and
-- @supabase/supabase-js use.
--
-- Run by devstack/postgres/migrate.ts on every start, before supabase/migrations. It must stay
-- idempotent, and it is never part of supabase/migrations: hosted Supabase provides all of it.
--
-- Deliberate: NO default privileges on schema public for anon/authenticated/service_role. New
-- Supabase projects no longer auto-grant new public tables to the API roles
-- (config `[api] auto_expose_new_tables = false`), so every migration must grant explicitly,
-- and our tests fail when a grant is missing instead of passing on a permissive default.

-- 1. Roles -----------------------------------------------------------------------------------

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    begin create role anon nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    begin create role authenticated nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    begin create role service_role nologin noinherit bypassrls; exception when duplicate_object or unique_violation then null; end;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    begin create role authenticator login noinherit; exception when duplicate_object or unique_violation then null; end;
  end if;
  -- Stubs for roles that Supabase-flavoured migrations and grants may name.
  if not exists (select from pg_roles where rolname = 'supabase_auth_admin') then
    begin create role supabase_auth_admin noinherit createrole login noreplication; exception when duplicate_object or unique_violation then null; end;
  end if;
  if not exists (select from pg_roles where rolname = 'supabase_admin') then
    begin create role supabase_admin nologin; exception when duplicate_object or unique_violation then null; end;
  end if;
  if not exists (select from pg_roles where rolname = 'dashboard_user') then
    begin create role dashboard_user nologin; exception when duplicate_object or unique_violation then null; end;
  end if;
end
$$;

-- Roles are cluster-wide while this file runs per database, possibly for several databases at
-- once (parallel test files): only touch a role's catalog row when something differs, so two
-- runs never race on the same row ("tuple concurrently updated").
do $$
declare
  wanted record;
begin
  -- Supabase changed the API roles to INHERIT (20230529180330_alter_api_roles_for_inherit.sql).
  for wanted in
    select * from (values
      ('anon', false, true, false),
      ('authenticated', false, true, false),
      ('service_role', false, true, true),
      ('authenticator', true, false, false)
    ) as w(rolname, can_login, inherits, bypass_rls)
  loop
    if exists (
      select from pg_roles r
      where r.rolname = wanted.rolname
        and (r.rolcanlogin, r.rolinherit, r.rolbypassrls) is distinct from (wanted.can_login, wanted.inherits, wanted.bypass_rls)
    ) then
      execute format('alter role %I %s %s %s', wanted.rolname,
        case when wanted.can_login then 'login' else 'nologin' end,
        case when wanted.inherits then 'inherit' else 'noinherit' end,
        case when wanted.bypass_rls then 'bypassrls' else 'nobypassrls' end);
    end if;
  end loop;

  -- Per-role settings as Supabase sets them. Timeouts apply on login as the role; for SET ROLE
  -- the request wrapper (src/lib/server/db/rls.ts) applies them transaction-locally, as
  -- PostgREST does.
  for wanted in
    select * from (values
      ('anon', 'statement_timeout', '3s'),
      ('authenticated', 'statement_timeout', '8s'),
      ('authenticator', 'statement_timeout', '8s'),
      ('supabase_auth_admin', 'search_path', 'auth'),
      ('postgres', 'search_path', '"$user", public, extensions')
    ) as w(rolname, setting, value)
  loop
    if not exists (
      select from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
      where r.rolname = wanted.rolname and s.setdatabase = 0
        and (wanted.setting || '=' || wanted.value) = any (s.setconfig)
    ) then
      execute format('alter role %I set %s = %s', wanted.rolname, wanted.setting,
        case when wanted.setting = 'search_path' then wanted.value else quote_literal(wanted.value) end);
    end if;
  end loop;

  -- PostgREST logs in as authenticator and switches to one API role per request; postgres (the
  -- developer's and the server's role) may switch too. Locally postgres is superuser anyway.
  if not pg_has_role('authenticator', 'anon', 'member')
    or not pg_has_role('authenticator', 'authenticated', 'member')
    or not pg_has_role('authenticator', 'service_role', 'member') then
    grant anon, authenticated, service_role to authenticator;
  end if;
end
$$;

grant anon, authenticated, service_role to postgres;

-- 2. Schemas and extensions -------------------------------------------------------------------

create schema if not exists extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;

grant usage on schema public to postgres, anon, authenticated, service_role;

-- Mirror the current default (auto_expose_new_tables = false): the CLI runs exactly these
-- revokes. On a fresh vanilla cluster they are no-ops, but they also undo any earlier grant.
alter default privileges for role postgres in schema public
  revoke select, insert, update, delete on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke usage, select on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke execute on functions from anon, authenticated, service_role;

create schema if not exists auth authorization supabase_auth_admin;
grant usage on schema auth to anon, authenticated, service_role;
grant all on schema auth to postgres;

-- 3. auth tables (GoTrue's names, types and defaults) -----------------------------------------

do $$
begin
  if not exists (
    select from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where n.nspname = 'auth' and t.typname = 'aal_level'
  ) then
    create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
  end if;
end
$$;

create table if not exists auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  -- GoTrue itself declares these four without a default and breaks ("converting NULL to string
  -- is unsupported") on rows inserted with NULL. Defaulting to '' locally keeps hand-made and
  -- test rows readable; anything that targets hosted Supabase must still write '' explicitly.
  confirmation_token varchar(255) default '',
  confirmation_sent_at timestamptz,
  recovery_token varchar(255) default '',
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255) default '',
  email_change varchar(255) default '',
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique default null,
  phone_confirmed_at timestamptz,
  phone_change text default '',
  phone_change_token varchar(255) default '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  email_change_token_current varchar(255) default '',
  email_change_confirm_status smallint default 0
    check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  banned_until timestamptz,
  reauthentication_token varchar(255) default '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
comment on column auth.users.is_sso_user is
  'Auth: Set this column to true when the account comes from SSO. These accounts can have duplicate emails.';

-- GoTrue 20221215195500: email is unique only among non-SSO users; lookups use lower(email).
create unique index if not exists users_email_partial_key on auth.users (email) where is_sso_user = false;
create index if not exists users_instance_id_email_idx on auth.users (instance_id, lower(email));
create index if not exists users_instance_id_idx on auth.users (instance_id);
create index if not exists users_is_anonymous_idx on auth.users (is_anonymous);
create unique index if not exists confirmation_token_idx on auth.users (confirmation_token)
  where confirmation_token !~ '^[0-9 ]*$';
create unique index if not exists recovery_token_idx on auth.users (recovery_token)
  where recovery_token !~ '^[0-9 ]*$';
create unique index if not exists email_change_token_current_idx on auth.users (email_change_token_current)
  where email_change_token_current !~ '^[0-9 ]*$';
create unique index if not exists email_change_token_new_idx on auth.users (email_change_token_new)
  where email_change_token_new !~ '^[0-9 ]*$';
create unique index if not exists reauthentication_token_idx on auth.users (reauthentication_token)
  where reauthentication_token !~ '^[0-9 ]*$';

create table if not exists auth.identities (
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid not null default gen_random_uuid() primary key,
  constraint identities_provider_id_provider_unique unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);
create index if not exists identities_email_idx on auth.identities (email text_pattern_ops);

create table if not exists auth.sessions (
  id uuid not null primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz,
  factor_id uuid,
  aal auth.aal_level,
  not_after timestamptz,
  refreshed_at timestamp without time zone,
  user_agent text,
  ip inet,
  tag text,
  oauth_client_id uuid,
  refresh_token_hmac_key text,
  refresh_token_counter bigint,
  scopes text
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
create index if not exists sessions_not_after_idx on auth.sessions (not_after desc);
create index if not exists user_id_created_at_idx on auth.sessions (user_id, created_at);

create table if not exists auth.refresh_tokens (
  instance_id uuid,
  id bigserial primary key,
  token varchar(255) unique,
  user_id varchar(255), -- text, not uuid: as GoTrue has it
  revoked boolean,
  created_at timestamptz,
  updated_at timestamptz,
  parent varchar(255),
  session_id uuid references auth.sessions (id) on delete cascade
);
create index if not exists refresh_tokens_instance_id_idx on auth.refresh_tokens (instance_id);
create index if not exists refresh_tokens_instance_id_user_id_idx on auth.refresh_tokens (instance_id, user_id);
create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);
create index if not exists refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
create index if not exists refresh_tokens_updated_at_idx on auth.refresh_tokens (updated_at desc);

create table if not exists auth.audit_log_entries (
  instance_id uuid,
  id uuid not null primary key,
  payload json,
  created_at timestamptz,
  ip_address varchar(64) not null default ''
);

-- GoTrue 20240612123726: RLS on every auth table (no policies: API roles see nothing), tables
-- owned by supabase_auth_admin, postgres keeps full access.
do $$
declare
  t text;
begin
  foreach t in array array['users', 'identities', 'sessions', 'refresh_tokens', 'audit_log_entries'] loop
    execute format('alter table auth.%I owner to supabase_auth_admin', t);
    execute format('alter table auth.%I enable row level security', t);
    execute format('grant all on table auth.%I to postgres', t);
  end loop;
end
$$;
alter sequence auth.refresh_tokens_id_seq owner to supabase_auth_admin;
grant all on sequence auth.refresh_tokens_id_seq to postgres;
alter type auth.aal_level owner to supabase_auth_admin;

-- 4. auth.*() helpers, as GoTrue 20240624145325 defines them: the legacy per-claim GUC first
-- (PostgREST < 9), then the JSON claims that PostgREST and our server set per transaction.

create or replace function auth.uid() returns uuid
language sql stable
set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
comment on function auth.uid() is 'Deprecated. Use auth.jwt() -> ''sub'' instead.';

create or replace function auth.role() returns text
language sql stable
set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;
comment on function auth.role() is 'Deprecated. Use auth.jwt() -> ''role'' instead.';

create or replace function auth.email() returns text
language sql stable
set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;
comment on function auth.email() is 'Deprecated. Use auth.jwt() -> ''email'' instead.';

create or replace function auth.jwt() returns jsonb
language sql stable
set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.email() owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;
grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to postgres, anon, authenticated, service_role;

-- 5. Where the Supabase CLI records applied migrations (`supabase db push` / `db reset`). ------

create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text not null primary key,
  statements text[],
  name text
);
