-- connection_tests: only the server writes results. Users could otherwise write their own row
-- through the Supabase Data API (status = 'pass', a tested_at in the future), and the admins'
-- all-users table would believe it. The server records each test as the database owner, for
-- the signed-in user it ran for; users and admins keep reading through RLS as before.

drop policy "owners record their connection test" on public.connection_tests;
drop policy "owners replace their connection test" on public.connection_tests;

-- Table-level REVOKE also revokes the column grants (insert/update per column) made earlier.
revoke insert, update, delete on table public.connection_tests from anon, authenticated;
