-- The entries that count (absences and lateness, not erroneous) of an établissement by time: what the week grid
-- and the tallies read. Most entries of a roll call are "present", so this index is a fraction of the table's.
CREATE INDEX attendance_entries_counted ON attendance_entries(uai, starts_at)
  WHERE status <> 'present' AND NOT erroneous;
