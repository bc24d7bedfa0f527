-- Audit entries for changed credentials say what changed: an update now also records the
-- row's public facts BEFORE the change ('before') and the names of what changed ('changed':
-- access_key_id, region, credential_type, session_token, secret). So a region-only change
-- (credentials.setRegion) reads as "region us-east-1 -> eu-west-1", and a replaced key as
-- "AKIA…1111 -> AKIA…2222". Never a secret: the key id is masked, ciphertexts are only compared.
--
-- Same function, same trigger (create or replace keeps the trigger bound to it); the actions
-- and everything else stay as in 20261125120200_audit_bedrock_credentials_changes.sql.

create or replace function private.audit_bedrock_credentials_change() returns trigger
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
  details jsonb;
  changed text[] := '{}';
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

  if not exists (select 1 from auth.users u where u.id = target) then
    target := null;
  end if;
  if actor is not null and not exists (select 1 from auth.users u where u.id = actor) then
    actor := null;
  end if;

  details := jsonb_build_object(
    'user_id', row_data.user_id,
    'access_key_id', left(row_data.access_key_id, 4) || '…' || right(row_data.access_key_id, 4),
    'region', row_data.region,
    'credential_type', row_data.credential_type,
    'has_session_token', row_data.session_token_ciphertext is not null
  );

  if tg_op = 'UPDATE' then
    if old.access_key_id is distinct from new.access_key_id then changed := array_append(changed, 'access_key_id'); end if;
    if old.region is distinct from new.region then changed := array_append(changed, 'region'); end if;
    if old.credential_type is distinct from new.credential_type then changed := array_append(changed, 'credential_type'); end if;
    if (old.session_token_ciphertext is null) is distinct from (new.session_token_ciphertext is null)
      or old.session_token_ciphertext is distinct from new.session_token_ciphertext then
      changed := array_append(changed, 'session_token');
    end if;
    -- Re-encryption under another key (rotation) is not a new secret.
    if old.secret_access_key_ciphertext is distinct from new.secret_access_key_ciphertext
      and entry_action <> 'credentials.rotated' then
      changed := array_append(changed, 'secret');
    end if;
    details := details || jsonb_build_object(
      'before', jsonb_build_object(
        'access_key_id', left(old.access_key_id, 4) || '…' || right(old.access_key_id, 4),
        'region', old.region,
        'credential_type', old.credential_type,
        'has_session_token', old.session_token_ciphertext is not null
      ),
      'changed', to_jsonb(changed)
    );
  end if;

  insert into public.audit_log (actor_id, target_user_id, action, details)
  values (actor, target, entry_action, details);
  return null;
end;
$$;

revoke all on function private.audit_bedrock_credentials_change() from public, anon, authenticated;
