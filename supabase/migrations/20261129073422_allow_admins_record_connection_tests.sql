-- Admins may run the connection test for any user (connection.testForUser, the "Test
-- connection" action on the all-users page), so they may also record its result for that user.
-- The same admin check as the other admin policies: app_metadata.role in the verified JWT.
-- Column grants are unchanged (authenticated may already insert/update these columns).

create policy "admins record connection tests for anyone" on public.connection_tests
  for insert to authenticated
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
create policy "admins replace connection tests for anyone" on public.connection_tests
  for update to authenticated
  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin')
  with check (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');
