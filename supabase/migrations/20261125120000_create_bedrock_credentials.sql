-- One row of AWS Bedrock credentials per user.
--
-- Security design (why it looks like this):
-- * The secret access key and the optional session token are stored only as AES-256-GCM
--   ciphertext made by the app server (key from CREDENTIALS_ENCRYPTION_KEY, user_id bound as
--   associated data). Format: text, standard base64 of iv (12 bytes) || tag (16 bytes) ||
--   ciphertext. Text rather than bytea so it survives JSON (Data API, logs of row shapes)
--   unchanged; the check only guards against obviously wrong values, it cannot tell ciphertext
--   from plaintext. `encryption_key_id` names the key, so keys can be rotated row by row.
-- * anon and authenticated can never SELECT the ciphertext columns (column privileges, so even
--   the Supabase Data API cannot return them: SQLSTATE 42501). authenticated may write them
--   (insert/update), because saving goes through the user's own RLS-checked transaction.
-- * The one read of the ciphertext is `private.get_bedrock_secret(user_id)`: security definer,
--   owned by the migration role (postgres), in schema `private`, which the Data API does not
--   expose, executable only by postgres and service_role. The app server calls it from one
--   named function (src/lib/server/db/privileged.ts) right before decrypting to sign an AWS
--   request. This works unchanged on hosted Supabase (`supabase db push` runs as postgres).
-- * RLS is enabled (not forced: the owner runs migrations and the privileged read). Owners see
--   and change their own row; admins (JWT app_metadata.role = 'admin', never user_metadata,
--   which users can edit) see and change every row.
-- * No reliance on default privileges: everything is revoked, then granted per column.
--
-- credential_type: only 'access_key' today. 'assume_role' (role ARN, external id) and
-- 'api_key' (Bedrock API keys) would add nullable columns and widen the check later.

create table public.bedrock_credentials (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null unique references auth.users (id) on delete cascade,
  credential_type text not null default 'access_key'
    constraint bedrock_credentials_credential_type_check check (credential_type in ('access_key')),
  access_key_id text not null
    constraint bedrock_credentials_access_key_id_format check (access_key_id ~ '^(AKIA|ASIA)[A-Z0-9]{16}$'),
  secret_access_key_ciphertext text not null
    constraint bedrock_credentials_secret_ciphertext_format
      check (length(secret_access_key_ciphertext) >= 40 and secret_access_key_ciphertext ~ '^[A-Za-z0-9+/]+={0,2}$'),
  session_token_ciphertext text
    constraint bedrock_credentials_session_token_ciphertext_format
      check (length(session_token_ciphertext) >= 40 and session_token_ciphertext ~ '^[A-Za-z0-9+/]+={0,2}$'),
  -- Lets the app say "has a session token" without granting a look at the ciphertext.
  has_session_token boolean generated always as (session_token_ciphertext is not null) stored,
  encryption_key_id text not null
    constraint bedrock_credentials_encryption_key_id_format check (encryption_key_id ~ '^[A-Za-z0-9._:-]{1,64}$'),
  region text not null default 'us-east-1'
    constraint bedrock_credentials_region_format check (region ~ '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.bedrock_credentials is
  'AWS Bedrock credentials, one row per user. Secrets are AES-256-GCM ciphertext (base64 of iv|tag|ct); API roles cannot select them.';
comment on column public.bedrock_credentials.secret_access_key_ciphertext is
  'base64(iv[12] || tag[16] || ciphertext), AES-256-GCM, AAD = user_id. Not selectable by anon/authenticated.';
comment on column public.bedrock_credentials.session_token_ciphertext is
  'Same format as secret_access_key_ciphertext; null for long-term (AKIA) keys.';

-- updated_at follows every change, whoever makes it.
create schema if not exists private;
revoke all on schema private from public;

create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
revoke all on function private.set_updated_at() from public;

create trigger bedrock_credentials_set_updated_at
  before update on public.bedrock_credentials
  for each row execute function private.set_updated_at();

-- Row level security --------------------------------------------------------------------------

alter table public.bedrock_credentials enable row level security;

create policy "owners read their credentials" on public.bedrock_credentials
  for select to authenticated
  using ((select auth.uid()) = user_id);
create policy "owners add their credentials" on public.bedrock_credentials
  for insert to authenticated
  with check ((select auth.uid()) = user_id);
create policy "owners change their credentials" on public.bedrock_credentials
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
create policy "owners delete their credentials" on public.bedrock_credentials
  for delete to authenticated
  using ((select auth.uid()) = user_id);

create policy "admins read all credentials" on public.bedrock_credentials
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins add credentials for anyone" on public.bedrock_credentials
  for insert to authenticated
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins change all credentials" on public.bedrock_credentials
  for update to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin')
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins delete all credentials" on public.bedrock_credentials
  for delete to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

-- Privileges: nothing by default, then per column ----------------------------------------------

revoke all on table public.bedrock_credentials from public, anon, authenticated, service_role;

-- Read: everything except the ciphertext columns and the key id (only the decrypt path needs it).
grant select (id, user_id, credential_type, access_key_id, has_session_token, region, created_at, updated_at)
  on table public.bedrock_credentials to authenticated;
-- Write: what a save (insert ... on conflict (user_id) do update) needs. user_id is fixed once
-- inserted; id and timestamps come from defaults and the trigger.
grant insert (user_id, credential_type, access_key_id, secret_access_key_ciphertext, session_token_ciphertext,
              encryption_key_id, region)
  on table public.bedrock_credentials to authenticated;
grant update (credential_type, access_key_id, secret_access_key_ciphertext, session_token_ciphertext,
              encryption_key_id, region)
  on table public.bedrock_credentials to authenticated;
grant delete on table public.bedrock_credentials to authenticated;

grant all on table public.bedrock_credentials to service_role;

-- The one privileged read of the ciphertext -----------------------------------------------------

create function private.get_bedrock_secret(p_user_id uuid)
returns table (
  user_id uuid,
  credential_type text,
  access_key_id text,
  secret_access_key_ciphertext text,
  session_token_ciphertext text,
  encryption_key_id text,
  region text,
  updated_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select c.user_id, c.credential_type, c.access_key_id, c.secret_access_key_ciphertext,
         c.session_token_ciphertext, c.encryption_key_id, c.region, c.updated_at
  from public.bedrock_credentials c
  where c.user_id = p_user_id
$$;

comment on function private.get_bedrock_secret(uuid) is
  'The only read of credential ciphertext: for the app server to decrypt right before signing an AWS request. Not for API roles.';

revoke all on function private.get_bedrock_secret(uuid) from public, anon, authenticated;
grant usage on schema private to service_role;
grant execute on function private.get_bedrock_secret(uuid) to service_role;
