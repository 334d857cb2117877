-- Hardware and ENT deployment: what is installed where, which établissements run an ENT, and the Ministry's
-- deployment state of territories. Usage events themselves live in DuckDB (events.duckdb), not here.

-- One purchase lot of equipment in an établissement.
CREATE TABLE hardware_assets (
  id text PRIMARY KEY,
  uai text NOT NULL REFERENCES etablissements(uai),
  category text NOT NULL CHECK (category IN
    ('fixed_pc', 'laptop', 'video_projector', 'interactive_whiteboard', 'server', 'network_printer')),
  count integer NOT NULL CHECK (count > 0),
  acquired_on date NOT NULL,
  warranty_end date,
  cost_cents bigint NOT NULL CHECK (cost_cents >= 0),         -- total of the lot, euros incl. tax, in cents
  funding text NOT NULL CHECK (funding IN ('departement', 'feder', 'region', 'etat', 'autre')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (warranty_end IS NULL OR warranty_end >= acquired_on)
);
CREATE INDEX hardware_assets_uai ON hardware_assets(uai);

-- Dated history of an établissement's ENT project: the status holds from valid_from until the next row.
CREATE TABLE ent_project_status (
  uai text NOT NULL REFERENCES etablissements(uai),
  valid_from date NOT NULL,
  status text NOT NULL CHECK (status IN ('none', 'study', 'pilot', 'generalised')),
  note text,
  PRIMARY KEY (uai, valid_from)
);

-- ENT accounts opened and activated (first sign-in done) per audience profile, counted on a date.
CREATE TABLE ent_accounts (
  uai text NOT NULL REFERENCES etablissements(uai),
  profile text NOT NULL CHECK (profile IN ('ELEVE', 'PARENT', 'ENSEIGNANT', 'ADMIN_VIE_SCOL_TECH', 'AUTRE')),
  as_of date NOT NULL,
  opened integer NOT NULL CHECK (opened >= 0),
  activated integer NOT NULL CHECK (activated >= 0 AND activated <= opened),
  PRIMARY KEY (uai, profile, as_of)
);

-- Deployment state of a territory in the Ministry's five categories, dated. Collèges are mapped by département,
-- lycées by académie or région. Territories are historical (the 30 académies and 100 départements of 2010), so
-- codes are not tied to today's reference tables.
CREATE TABLE deployment_states (
  level text NOT NULL CHECK (level IN ('college', 'lycee')),
  territory_kind text NOT NULL CHECK (territory_kind IN ('departement', 'academie', 'region')),
  territory_code text NOT NULL,
  territory_name text NOT NULL,
  academie_code text,
  state text NOT NULL CHECK (state IN
    ('generalisation_50_plus', 'generalisation_moins_50', 'experimentation', 'etude_prealable', 'reflexion')),
  valid_from date NOT NULL,
  source text,
  PRIMARY KEY (level, territory_kind, territory_code, valid_from)
);
