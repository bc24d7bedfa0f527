-- Runs after the migrations on `supabase db reset`. Intentionally (almost) empty:
-- * the seeded logins (admin@bedrock.local, user@bedrock.local) are created by the local
--   devstack through its auth server (devstack/auth/seed.ts), so passwords are hashed the way
--   the auth server expects and no password or key ever sits in SQL;
-- * AWS credentials are never seeded: they are encrypted by the app with a key that only the
--   running environment knows.
select 1;
