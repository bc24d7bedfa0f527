-- Connection tests go into the audit log ('connection.tested'): who tested whose keys, when,
-- in which region, with what result per check. The server writes the entry as the database
-- owner (src/lib/server/db/privileged.ts) in the same transaction as the stored result
-- (public.connection_tests), with the actor taken from the verified session: the API roles
-- can write neither table (see 20261129075414_revoke_connection_tests_writes.sql), and a
-- trigger could not know the actor of an owner-side write.
--
-- Only the check constraint changes: the table, its RLS and grants stay as they are.

alter table public.audit_log drop constraint audit_log_action_check;
alter table public.audit_log add constraint audit_log_action_check check (action in (
  'credentials.saved',
  'credentials.deleted',
  'credentials.admin_saved',
  'credentials.admin_deleted',
  'credentials.rotated',
  'connection.tested'
));

comment on table public.audit_log is
  'Credential changes and connection tests. Written only by triggers and the server''s privileged writer; readable by admins. details never contains secrets.';
