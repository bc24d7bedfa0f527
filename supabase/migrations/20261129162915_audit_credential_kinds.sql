-- Audit entries for the credential kinds of 20261129155848_add_credential_kinds.sql:
-- * a re-encryption (credentials.rotated) is recognised for rows without an access key id too
--   (assume_role via the deployment, api_key), where `old.access_key_id = new.access_key_id`
--   is null, not true: compared with `is not distinct from`;
-- * the entry names the role ARN and the API key's kind and last 4 characters (never the key,
--   never the external ID), and a replaced role or API key counts as a change ('role_arn',
--   'secret' for the API key ciphertext, compared only).
--
-- Same function, same trigger (create or replace keeps the trigger bound to it).

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
    and old.access_key_id is not distinct from new.access_key_id
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
  ) || jsonb_strip_nulls(jsonb_build_object(
    'role_arn', row_data.role_arn,
    'api_key_kind', row_data.api_key_kind,
    'api_key_last4', row_data.api_key_last4
  ));

  if tg_op = 'UPDATE' then
    if old.access_key_id is distinct from new.access_key_id then changed := array_append(changed, 'access_key_id'); end if;
    if old.region is distinct from new.region then changed := array_append(changed, 'region'); end if;
    if old.credential_type is distinct from new.credential_type then changed := array_append(changed, 'credential_type'); end if;
    if old.role_arn is distinct from new.role_arn then changed := array_append(changed, 'role_arn'); end if;
    if (old.session_token_ciphertext is null) is distinct from (new.session_token_ciphertext is null)
      or old.session_token_ciphertext is distinct from new.session_token_ciphertext then
      changed := array_append(changed, 'session_token');
    end if;
    -- Re-encryption under another key (rotation) is not a new secret.
    if (old.secret_access_key_ciphertext is distinct from new.secret_access_key_ciphertext
        or old.api_key_ciphertext is distinct from new.api_key_ciphertext)
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
