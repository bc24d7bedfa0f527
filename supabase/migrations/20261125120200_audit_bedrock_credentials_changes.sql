-- Every insert, update and delete on public.bedrock_credentials leaves an audit_log entry, in the
-- same transaction, whichever path made it (app server, Data API, SQL editor).
--
-- actor_id comes from the transaction's verified JWT claims (auth.uid()); null means the
-- database owner or service role acted without a user (e.g. key rotation, a cascade).
-- Actions: the owner acting on their own row -> credentials.saved / credentials.deleted;
-- someone else (only admins pass RLS for that) -> credentials.admin_saved / admin_deleted;
-- no user and only the encryption changed -> credentials.rotated.
--
-- security definer: the API roles have no insert privilege on audit_log, so the trigger
-- writes as its owner. Trigger functions cannot be called directly, so this grants nothing else.

create function private.audit_bedrock_credentials_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  row_data public.bedrock_credentials := case when tg_op = 'DELETE' then old else new end;
  target uuid := row_data.user_id;
  is_delete boolean := tg_op = 'DELETE';
  entry_action text;
begin
  if actor is not null and actor = target then
    entry_action := case when is_delete then 'credentials.deleted' else 'credentials.saved' end;
  elsif actor is not null then
    entry_action := case when is_delete then 'credentials.admin_deleted' else 'credentials.admin_saved' end;
  elsif tg_op = 'UPDATE'
    and old.access_key_id = new.access_key_id
    and old.encryption_key_id is distinct from new.encryption_key_id then
    entry_action := 'credentials.rotated';
  else
    entry_action := case when is_delete then 'credentials.deleted' else 'credentials.saved' end;
  end if;

  -- When the row goes because its user is being deleted (cascade), the user no longer exists
  -- and referencing it would fail the whole deletion: keep the id in details instead.
  if not exists (select 1 from auth.users u where u.id = target) then
    target := null;
  end if;
  if actor is not null and not exists (select 1 from auth.users u where u.id = actor) then
    actor := null;
  end if;

  insert into public.audit_log (actor_id, target_user_id, action, details)
  values (
    actor,
    target,
    entry_action,
    jsonb_build_object(
      'user_id', row_data.user_id,
      'access_key_id', left(row_data.access_key_id, 4) || '…' || right(row_data.access_key_id, 4),
      'region', row_data.region,
      'credential_type', row_data.credential_type,
      'has_session_token', row_data.session_token_ciphertext is not null
    )
  );
  return null;
end;
$$;

revoke all on function private.audit_bedrock_credentials_change() from public, anon, authenticated;

create trigger bedrock_credentials_audit
  after insert or update or delete on public.bedrock_credentials
  for each row execute function private.audit_bedrock_credentials_change();
