-- The school's directory in and out: external ids of imported records, people's directory details, departures,
-- import runs, federated sign-in (SAML replay cache, CAS tickets).

-- The school's own identifiers of our records. `source`: siecle (ELEVE_ID, PERSONNE_ID), sts (INDIVIDU/@ID),
-- aaf (jointure), bcn (the national 6-digit subject code), structure (SIECLE/STS division or group code).
-- `scope`: the UAI for a school's exports, the académie code for AAF (its jointures are unique within it).
CREATE TABLE external_ids (
  source text NOT NULL CHECK (source IN ('siecle', 'sts', 'aaf', 'bcn', 'structure')),
  scope text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('user', 'class', 'subject', 'etablissement')),
  external_id text NOT NULL,
  record_id text NOT NULL,
  PRIMARY KEY (source, scope, kind, external_id)
);
CREATE INDEX external_ids_record ON external_ids(record_id);

-- What the directory says of a person beyond their account: removed with the account's personal data.
CREATE TABLE person_details (
  user_id text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  birth_date date,
  ine text,
  email text,
  mobile text,
  accepts_sms boolean,
  civility text CHECK (civility IN ('M', 'MME'))
);
CREATE INDEX person_details_email ON person_details(lower(email));

-- An account closed because its owner left (departure in an import, AAF deleteRequest): the account is disabled
-- at once and its personal data removed by the retention job once `purge_after` has passed (CNIL: within 3 months).
CREATE TABLE account_closures (
  user_id text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  closed_at timestamptz NOT NULL,
  reason text NOT NULL,
  purge_after timestamptz NOT NULL,
  purged_at timestamptz
);
CREATE INDEX account_closures_due ON account_closures(purge_after) WHERE purged_at IS NULL;

-- One applied import: what was read and what it changed (the preview's counts), for the direction's history.
CREATE TABLE directory_imports (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  kind text NOT NULL,
  applied_by text REFERENCES users(id) ON DELETE SET NULL,
  applied_at timestamptz NOT NULL,
  summary jsonb NOT NULL
);
CREATE INDEX directory_imports_uai ON directory_imports(uai, applied_at DESC);

-- SAML: assertion ids already consumed (replay refused) and request ids issued (InResponseTo checked).
CREATE TABLE saml_request_ids (
  id text PRIMARY KEY,
  issued_at timestamptz NOT NULL
);
CREATE TABLE saml_consumed_assertions (
  id text PRIMARY KEY,
  not_on_or_after timestamptz NOT NULL
);

-- CAS service tickets: single use, short-lived; the hash of the ticket is stored, not the ticket.
CREATE TABLE cas_tickets (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  service text NOT NULL,
  expires_at timestamptz NOT NULL
);
