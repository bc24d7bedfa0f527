-- Who did what to whose credentials. Admin-readable only, append-only for everyone else.
--
-- Security design:
-- * No API role can insert, update or delete rows: entries are written by database triggers
--   (security definer, see the next migration) in the same transaction as the change they
--   describe, with actor_id taken from the verified JWT claims. So a user cannot forge an
--   entry for another actor, cannot hide one by failing halfway, and cannot edit history.
--   Server events that are not row changes go through the named privileged writer in
--   src/lib/server/db/privileged.ts (owner connection).
-- * details never holds a secret: masked key id (AKIA…WXYZ), region, credential type.
-- * actor/target keep the entry when a user is deleted (on delete set null).

create table public.audit_log (
  id bigint generated always as identity primary key,
  actor_id uuid references auth.users (id) on delete set null,
  target_user_id uuid references auth.users (id) on delete set null,
  action text not null
    constraint audit_log_action_check check (action in (
      'credentials.saved',
      'credentials.deleted',
      'credentials.admin_saved',
      'credentials.admin_deleted',
      'credentials.rotated'
    )),
  details jsonb not null default '{}'::jsonb
    constraint audit_log_details_is_object check (jsonb_typeof(details) = 'object'),
  created_at timestamptz not null default now()
);

comment on table public.audit_log is
  'Credential changes. Written only by triggers and the server''s privileged writer; readable by admins. details never contains secrets.';
comment on column public.audit_log.action is
  'Extend the check constraint in a new migration to add actions.';

create index audit_log_target_user_id_created_at_idx on public.audit_log (target_user_id, created_at desc);
create index audit_log_actor_id_idx on public.audit_log (actor_id);
create index audit_log_created_at_idx on public.audit_log (created_at desc);

alter table public.audit_log enable row level security;

create policy "admins read the audit log" on public.audit_log
  for select to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');

revoke all on table public.audit_log from public, anon, authenticated, service_role;
grant select on table public.audit_log to authenticated;
grant select, insert on table public.audit_log to service_role;
