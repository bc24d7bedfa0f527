-- Admin dashboard overview: every user with their email and their credentials (masked facts
-- only, never ciphertext), users without credentials included.
--
-- Why a security-definer function: admins can already read every bedrock_credentials row
-- through RLS, but the emails live in auth.users, which the API roles cannot read at all (and
-- must not: it holds password hashes and tokens). This function returns exactly the few
-- columns the dashboard needs, and only when the caller's verified JWT says
-- app_metadata.role = 'admin'; anyone else gets SQLSTATE 42501. It lives in public so the
-- app server (and, equally guarded, the Data API) can call it as the signed-in admin.

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
  updated_at timestamptz
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
           c.region, c.created_at, c.updated_at
    from auth.users u
    left join public.bedrock_credentials c on c.user_id = u.id
    where u.deleted_at is null
    order by u.email;
end;
$$;

revoke all on function public.admin_list_users_with_credentials() from public, anon, authenticated;
grant execute on function public.admin_list_users_with_credentials() to authenticated, service_role;
