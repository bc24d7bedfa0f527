-- Budget changes go into the audit log, in the same transaction as the change, whichever path
-- made it (the app as an admin, the Data API, the SQL editor), like credential changes:
--   budget.set          a user's own budget or rate was added or changed
--   budget.cleared      a user's own values were removed (the defaults apply again)
--   budget.default_set  the defaults or the allow-unpriced-models switch changed
-- details carry the new values and, for changes, the values before. Amounts only, no secrets.
-- actor_id comes from the verified JWT claims (auth.uid()); null for the owner or service role.

alter table public.audit_log drop constraint audit_log_action_check;
alter table public.audit_log add constraint audit_log_action_check check (action in (
  'credentials.saved',
  'credentials.deleted',
  'credentials.admin_saved',
  'credentials.admin_deleted',
  'credentials.rotated',
  'connection.tested',
  'budget.set',
  'budget.cleared',
  'budget.default_set'
));

comment on table public.audit_log is
  'Credential changes, connection tests and budget changes. Written only by triggers and the server''s privileged writer; readable by admins. details never contains secrets.';

create function private.audit_bedrock_budget_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  target uuid := case when tg_op = 'DELETE' then old.user_id else new.user_id end;
  details jsonb;
begin
  details := jsonb_build_object('user_id', target);
  if tg_op <> 'DELETE' then
    details := details || jsonb_build_object(
      'monthly_usd', new.monthly_usd,
      'requests_per_minute', new.requests_per_minute
    );
  end if;
  if tg_op <> 'INSERT' then
    details := details || jsonb_build_object('before', jsonb_build_object(
      'monthly_usd', old.monthly_usd,
      'requests_per_minute', old.requests_per_minute
    ));
  end if;
  -- A cascade from a deleted user: the user is gone, keep the id in details only.
  if not exists (select 1 from auth.users u where u.id = target) then
    target := null;
  end if;
  if actor is not null and not exists (select 1 from auth.users u where u.id = actor) then
    actor := null;
  end if;
  insert into public.audit_log (actor_id, target_user_id, action, details)
  values (actor, target, case when tg_op = 'DELETE' then 'budget.cleared' else 'budget.set' end, details);
  return null;
end;
$$;

create function private.audit_bedrock_budget_settings_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
begin
  if actor is not null and not exists (select 1 from auth.users u where u.id = actor) then
    actor := null;
  end if;
  insert into public.audit_log (actor_id, target_user_id, action, details)
  values (actor, null, 'budget.default_set', jsonb_build_object(
    'monthly_usd', new.default_monthly_usd,
    'requests_per_minute', new.default_requests_per_minute,
    'allow_unpriced_models', new.allow_unpriced_models,
    'before', jsonb_build_object(
      'monthly_usd', old.default_monthly_usd,
      'requests_per_minute', old.default_requests_per_minute,
      'allow_unpriced_models', old.allow_unpriced_models
    )
  ));
  return null;
end;
$$;

revoke all on function private.audit_bedrock_budget_change() from public, anon, authenticated;
revoke all on function private.audit_bedrock_budget_settings_change() from public, anon, authenticated;

create trigger bedrock_budgets_audit
  after insert or update or delete on public.bedrock_budgets
  for each row execute function private.audit_bedrock_budget_change();

create trigger bedrock_budget_settings_audit
  after update on public.bedrock_budget_settings
  for each row execute function private.audit_bedrock_budget_settings_change();
