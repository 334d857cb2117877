-- Live notices of every area (attendance, cahier de textes, messaging…): one row per recipient. The table is the
-- source of truth; in-process wakes and NOTIFY between API processes only tell streams to read it again.
--
-- `seq` is the delivery order and the stream's event id (Last-Event-ID replays from it). A notice gets it when
-- it is delivered: at once, or, when it must wait (quiet hours, a later `deliver_at`), when the due-notices job
-- releases it. Until then `seq` is null and no stream sees it.
CREATE SEQUENCE live_notice_seq;

CREATE TABLE live_notices (
  id bigserial PRIMARY KEY,
  seq bigint UNIQUE,
  recipient_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- '<area>.<event>': 'attendance.entry', 'lesson-log.work', 'messages.new'…
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]*\.[a-z0-9.-]+$'),
  payload jsonb NOT NULL,
  -- the établissement whose quiet hours applied (null: none)
  uai text REFERENCES etablissements(uai),
  created_at timestamptz NOT NULL DEFAULT now(),
  deliver_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX live_notices_recipient ON live_notices(recipient_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX live_notices_due ON live_notices(deliver_at) WHERE seq IS NULL;

-- Attendance kept its notices in a table of its own: they move here with their ids, which were the streams'
-- event ids, so a browser reconnecting with an old Last-Event-ID misses nothing and gets nothing twice.
DO $$
BEGIN
  IF to_regclass('attendance_notices') IS NOT NULL THEN
    INSERT INTO live_notices (id, seq, recipient_id, kind, payload, uai, created_at, deliver_at, delivered_at)
      SELECT n.id, n.id, n.recipient_id, n.kind, n.payload, u.uai, n.created_at, n.created_at, n.created_at
        FROM attendance_notices n JOIN users u ON u.id = n.recipient_id;
    PERFORM setval('live_notice_seq', (SELECT max(id) FROM attendance_notices));
    PERFORM setval(pg_get_serial_sequence('live_notices', 'id'), (SELECT max(id) FROM attendance_notices));
    DROP TABLE attendance_notices;
  END IF;
END $$;
