-- A session that ends, or an account that changes (closed, new password, other profile or functions), is told to
-- every API process on channel preau_sessions, whatever wrote it (sign-out, password change, a closure by any area
-- or by hand): each process drops its cached copy at once (src/auth/session-cache.ts).
CREATE FUNCTION preau_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('preau_sessions', json_build_object('o', '', 'sessions', json_build_array(OLD.id))::text);
  RETURN NULL;
END $$;
CREATE TRIGGER session_ended AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION preau_session_ended();

CREATE FUNCTION preau_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('preau_sessions', json_build_object('o', '', 'user', NEW.id)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER account_changed AFTER UPDATE OF disabled_at, password_hash, access_code_hash,
  must_change_password, profile, functions, uai, scope_kind, scope_code, login, first_name, last_name ON users
  FOR EACH ROW WHEN (
    OLD.disabled_at IS DISTINCT FROM NEW.disabled_at OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
    OR OLD.access_code_hash IS DISTINCT FROM NEW.access_code_hash
    OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password OR OLD.profile IS DISTINCT FROM NEW.profile
    OR OLD.functions IS DISTINCT FROM NEW.functions OR OLD.uai IS DISTINCT FROM NEW.uai
    OR OLD.scope_kind IS DISTINCT FROM NEW.scope_kind OR OLD.scope_code IS DISTINCT FROM NEW.scope_code
    OR OLD.login IS DISTINCT FROM NEW.login OR OLD.first_name IS DISTINCT FROM NEW.first_name
    OR OLD.last_name IS DISTINCT FROM NEW.last_name)
  EXECUTE FUNCTION preau_account_changed();
