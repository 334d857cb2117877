-- Identifiers that reveal nothing. Records made before carried readable, sequential ids (`0511085C-e0001` for a
-- student, `-c-4eA` for a class, `-x000955` for a séance, `att_12`…): anyone signed in could count and walk
-- them. Each such id becomes `prefix_` + 22 random base64url characters (the shape of `newId` in src/ids.ts);
-- ids that are already random (UUIDs, base64url) stay. Logins, UAIs, subjects and periods do not change.
--
-- Every foreign key pointing at a renamed table is dropped, its column rewritten through the map, and the key
-- put back as it was, whatever tables exist when this runs (areas added later included). Ids held outside
-- foreign keys are rewritten too: `files.record_id` and the string values of `live_notices.payload`.
-- Uploaded files keep their ids: their bytes are stored under them, and they were always random.

CREATE TEMP TABLE id_map (tbl regclass NOT NULL, old text NOT NULL, new text NOT NULL, PRIMARY KEY (tbl, old))
  ON COMMIT DROP;

DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT to_regclass(name) AS tbl, prefix
      FROM (VALUES ('users', 'u'), ('classes', 'cls'), ('seances', 'sea'), ('teaching_assignments', 'ta'),
                   ('evaluations', 'ev'), ('attendance_entries', 'ent'), ('absence_justifications', 'jus'),
                   ('hardware_assets', 'hw')) AS k(name, prefix)
     WHERE to_regclass(name) IS NOT NULL
  LOOP
    EXECUTE format(
      $q$INSERT INTO id_map (tbl, old, new)
         SELECT %L::regclass, id,
                %L || '_' || translate(encode(uuid_send(gen_random_uuid()), 'base64'), '+/=', '-_')
           FROM %s
          WHERE id !~ '^[a-z]{1,5}_[A-Za-z0-9_-]{22}$'
            AND id !~ '^[A-Za-z0-9_-]{22}$'
            AND id !~ '^([a-z]{1,5}_)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'$q$,
      t.tbl, t.prefix, t.tbl);
  END LOOP;
END $$;

-- The foreign keys that point at a renamed table (single-column, as all of ours are).
CREATE TEMP TABLE id_fks ON COMMIT DROP AS
  SELECT c.conrelid::regclass AS child, c.conname AS name, c.confrelid::regclass AS parent,
         a.attname AS col, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.contype = 'f' AND c.confrelid IN (SELECT DISTINCT tbl FROM id_map);

DO $$
DECLARE
  f record;
  t record;
BEGIN
  FOR f IN SELECT * FROM id_fks LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', f.child, f.name);
  END LOOP;
  FOR f IN SELECT * FROM id_fks LOOP
    EXECUTE format('UPDATE %s c SET %I = m.new FROM id_map m WHERE m.tbl = %L::regclass AND c.%I = m.old',
                   f.child, f.col, f.parent, f.col);
  END LOOP;
  FOR t IN SELECT DISTINCT tbl FROM id_map LOOP
    EXECUTE format('UPDATE %s r SET id = m.new FROM id_map m WHERE m.tbl = %L::regclass AND r.id = m.old',
                   t.tbl, t.tbl);
  END LOOP;
  FOR f IN SELECT * FROM id_fks LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', f.child, f.name, f.def);
  END LOOP;
END $$;

-- A file's record (a justification, a séance, a student…): whichever renamed record it names.
UPDATE files f SET record_id = m.new
  FROM (SELECT DISTINCT ON (old) old, new FROM id_map ORDER BY old, tbl::text) m
 WHERE f.record_id = m.old;

-- Notices already sent name students, séances, entries: their replay keeps pointing at the same records.
CREATE FUNCTION preau_remap_ids(j jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  result jsonb;
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'object' THEN
      SELECT coalesce(jsonb_object_agg(k, preau_remap_ids(v)), '{}'::jsonb) INTO result FROM jsonb_each(j) AS e(k, v);
    WHEN 'array' THEN
      SELECT coalesce(jsonb_agg(preau_remap_ids(v) ORDER BY i), '[]'::jsonb) INTO result
        FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, i);
    WHEN 'string' THEN
      SELECT to_jsonb(m.new) INTO result FROM id_map m WHERE m.old = j #>> '{}' ORDER BY m.tbl::text LIMIT 1;
    ELSE
      result := j;
  END CASE;
  RETURN coalesce(result, j);
END
$$;

DO $$
BEGIN
  IF to_regclass('live_notices') IS NOT NULL AND EXISTS (SELECT 1 FROM id_map) THEN
    UPDATE live_notices SET payload = preau_remap_ids(payload);
  END IF;
END $$;

DROP FUNCTION preau_remap_ids(jsonb);
