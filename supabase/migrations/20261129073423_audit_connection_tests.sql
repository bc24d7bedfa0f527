-- Connection tests go into the audit log too ('connection.tested'): who tested whose keys,
-- when, with what result, in which region. Written by a trigger on public.connection_tests in
-- the same transaction as the stored result, like the credentials audit. Never a secret: the
-- details are the status, the region and the masked key id of the credentials tested.

alter table public.audit_log drop constraint audit_log_action_check;
alter table public.audit_log add constraint audit_log_action_check check (action in (
  'credentials.saved',
  'credentials.deleted',
  'credentials.admin_saved',
  'credentials.admin_deleted',
  'credentials.rotated',
  'connection.tested'
));

create function private.audit_connection_test() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  key_id text;
begin
  if actor is not null and not exists (select 1 from auth.users u where u.id = actor) then
    actor := null;
  end if;
  select left(c.access_key_id, 4) || '…' || right(c.access_key_id, 4) into key_id
  from public.bedrock_credentials c where c.user_id = new.user_id;

  insert into public.audit_log (actor_id, target_user_id, action, details)
  values (
    actor,
    new.user_id,
    'connection.tested',
    jsonb_build_object(
      'user_id', new.user_id,
      'status', new.status,
      'region', new.region,
      'access_key_id', key_id
    )
  );
  return null;
end;
$$;

revoke all on function private.audit_connection_test() from public, anon, authenticated;

create trigger connection_tests_audit
  after insert or update on public.connection_tests
  for each row execute function private.audit_connection_test();
