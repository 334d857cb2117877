-- Past vie-scolaire figures of an établissement, per month, imported from the software it used before Préau:
-- absences, how many were justified and the summed delay to justify them. Per établissement, no identifier: an
-- evaluation compares the delay before and after an ENT opened, years back, so these rows are kept (Préau's own
-- records of the same month take precedence over them in the `justification_delays` dataset).
CREATE TABLE justification_history (
  uai text NOT NULL REFERENCES etablissements(uai),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  absences integer NOT NULL CHECK (absences >= 0),
  justified integer NOT NULL CHECK (justified >= 0 AND justified <= absences),
  delay_days double precision NOT NULL CHECK (delay_days >= 0),
  PRIMARY KEY (uai, month)
);
