-- Two more kinds of Bedrock credentials besides long-lived access keys (issue 14):
-- * 'assume_role': the server calls sts:AssumeRole on role_arn with an external ID it generated
--   for the user (confused-deputy protection: unique per user and unguessable), either as the
--   deployment's own identity (assume_role_via = 'deployment': no key stored) or with the user's
--   own stored access key (assume_role_via = 'access_key': role chaining).
-- * 'api_key': a Bedrock API key sent as a bearer token. The key is a secret: stored only as
--   AES-256-GCM ciphertext like the secret access key (AAD binds user_id and the field), and
--   the roles anon and authenticated cannot select it (column privileges, so neither can the
--   Data API). What identifies it without revealing it (kind, last 4, expiry) is kept beside it.
--
-- The external ID is not a secret in AWS's model (its job is uniqueness, and the customer pastes
-- it into a trust policy), so its column is readable by the owner; pages and lists mask it.

alter table public.bedrock_credentials
  drop constraint bedrock_credentials_credential_type_check,
  add constraint bedrock_credentials_credential_type_check
    check (credential_type in ('access_key', 'assume_role', 'api_key')),
  alter column access_key_id drop not null,
  alter column secret_access_key_ciphertext drop not null,
  add column role_arn text
    constraint bedrock_credentials_role_arn_format
      -- (length apart: Postgres regular expressions allow repetition counts up to 255 only)
      check (length(role_arn) <= 2048 and role_arn ~ '^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$'),
  add column external_id text
    constraint bedrock_credentials_external_id_format check (external_id ~ '^[A-Za-z0-9+=,.@:/_-]{16,128}$'),
  add column assume_role_via text
    constraint bedrock_credentials_assume_role_via_check check (assume_role_via in ('deployment', 'access_key')),
  add column session_duration_seconds integer
    constraint bedrock_credentials_session_duration_range check (session_duration_seconds between 900 and 43200),
  add column api_key_ciphertext text
    constraint bedrock_credentials_api_key_ciphertext_format
      check (length(api_key_ciphertext) >= 40 and api_key_ciphertext ~ '^[A-Za-z0-9+/]+={0,2}$'),
  add column api_key_kind text
    constraint bedrock_credentials_api_key_kind_check check (api_key_kind in ('short_term', 'long_term')),
  add column api_key_last4 text
    constraint bedrock_credentials_api_key_last4_format check (api_key_last4 ~ '^[A-Za-z0-9+/=_-]{4}$'),
  add column api_key_expires_at timestamptz,
  -- Each kind carries exactly what it needs (and an access key never keeps role or API key data).
  add constraint bedrock_credentials_kind_shape check (
    case credential_type
      when 'access_key' then access_key_id is not null and secret_access_key_ciphertext is not null
        and role_arn is null and api_key_ciphertext is null
      when 'assume_role' then role_arn is not null and external_id is not null and assume_role_via is not null
        and api_key_ciphertext is null
        and (assume_role_via = 'deployment') = (access_key_id is null and secret_access_key_ciphertext is null)
      when 'api_key' then api_key_ciphertext is not null and api_key_kind is not null and api_key_last4 is not null
        and access_key_id is null and secret_access_key_ciphertext is null and role_arn is null
      else false
    end
  );

comment on column public.bedrock_credentials.api_key_ciphertext is
  'Bedrock API key: base64(iv[12] || tag[16] || ciphertext), AES-256-GCM, AAD = user_id + field. Not selectable by anon/authenticated.';
comment on column public.bedrock_credentials.external_id is
  'sts:ExternalId the server sends when assuming role_arn: generated per user, shown to the owner (masked in lists).';

-- Privileges: the new public facts are readable; the API key ciphertext only writable.
grant select (role_arn, external_id, assume_role_via, session_duration_seconds, api_key_kind, api_key_last4,
              api_key_expires_at)
  on table public.bedrock_credentials to authenticated;
grant insert (role_arn, external_id, assume_role_via, session_duration_seconds, api_key_ciphertext, api_key_kind,
              api_key_last4, api_key_expires_at)
  on table public.bedrock_credentials to authenticated;
grant update (role_arn, external_id, assume_role_via, session_duration_seconds, api_key_ciphertext, api_key_kind,
              api_key_last4, api_key_expires_at)
  on table public.bedrock_credentials to authenticated;

-- The one privileged read now returns every kind's fields (its result type changes: drop, create).
drop function private.get_bedrock_secret(uuid);
create function private.get_bedrock_secret(p_user_id uuid)
returns table (
  user_id uuid,
  credential_type text,
  access_key_id text,
  secret_access_key_ciphertext text,
  session_token_ciphertext text,
  encryption_key_id text,
  region text,
  updated_at timestamptz,
  role_arn text,
  external_id text,
  assume_role_via text,
  session_duration_seconds integer,
  api_key_ciphertext text,
  api_key_kind text,
  api_key_expires_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select c.user_id, c.credential_type, c.access_key_id, c.secret_access_key_ciphertext,
         c.session_token_ciphertext, c.encryption_key_id, c.region, c.updated_at, c.role_arn,
         c.external_id, c.assume_role_via, c.session_duration_seconds, c.api_key_ciphertext,
         c.api_key_kind, c.api_key_expires_at
  from public.bedrock_credentials c
  where c.user_id = p_user_id
$$;

comment on function private.get_bedrock_secret(uuid) is
  'The only read of credential ciphertext: for the app server to decrypt right before calling AWS. Not for API roles.';

revoke all on function private.get_bedrock_secret(uuid) from public, anon, authenticated;
grant execute on function private.get_bedrock_secret(uuid) to service_role;

-- One external ID per user, kept even when the credentials are deleted or change kind: the
-- customer's trust policy names it, so it must not change under them. Written only by the
-- server (as the user, under RLS) the first time the user asks for it.
create table public.bedrock_external_ids (
  user_id uuid primary key references auth.users (id) on delete cascade,
  external_id text not null unique
    constraint bedrock_external_ids_format check (external_id ~ '^[A-Za-z0-9+=,.@:/_-]{16,128}$'),
  created_at timestamptz not null default now()
);

comment on table public.bedrock_external_ids is
  'The sts:ExternalId generated for each user (assume-role credentials); stable for the user''s lifetime.';

alter table public.bedrock_external_ids enable row level security;

create policy "owners read their external id" on public.bedrock_external_ids
  for select to authenticated
  using ((select auth.uid()) = user_id);
create policy "owners create their external id" on public.bedrock_external_ids
  for insert to authenticated
  with check ((select auth.uid()) = user_id);
create policy "admins read every external id" on public.bedrock_external_ids
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins create external ids" on public.bedrock_external_ids
  for insert to authenticated
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

revoke all on table public.bedrock_external_ids from public, anon, authenticated, service_role;
grant select (user_id, external_id, created_at) on table public.bedrock_external_ids to authenticated;
grant insert (user_id, external_id) on table public.bedrock_external_ids to authenticated;
grant all on table public.bedrock_external_ids to service_role;

-- The admin list gains each kind's public facts (result type changes: drop, create).
drop function public.admin_list_users_with_credentials();
create function public.admin_list_users_with_credentials()
returns table (
  user_id uuid,
  email text,
  credentials_id uuid,
  credential_type text,
  access_key_id text,
  has_session_token boolean,
  region text,
  created_at timestamptz,
  updated_at timestamptz,
  role_arn text,
  external_id text,
  assume_role_via text,
  api_key_kind text,
  api_key_last4 text,
  api_key_expires_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if coalesce((select auth.jwt()) -> 'app_metadata' ->> 'role', '') <> 'admin' then
    raise exception 'only admins can list every user''s credentials'
      using errcode = '42501';
  end if;
  return query
    select u.id, u.email::text, c.id, c.credential_type, c.access_key_id, c.has_session_token,
           c.region, c.created_at, c.updated_at, c.role_arn, c.external_id, c.assume_role_via,
           c.api_key_kind, c.api_key_last4, c.api_key_expires_at
    from auth.users u
    left join public.bedrock_credentials c on c.user_id = u.id
    where u.deleted_at is null
    order by u.email;
end;
$$;

revoke all on function public.admin_list_users_with_credentials() from public, anon, authenticated;
grant execute on function public.admin_list_users_with_credentials() to authenticated, service_role;
