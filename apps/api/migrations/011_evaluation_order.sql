-- Évaluations of the same day are listed in the order they were created. The time they were created comes from
-- the server's clock, which two requests may share (a clock at a fixed instant, the same millisecond): a sequence
-- says the order for sure.
ALTER TABLE evaluations ADD COLUMN created_seq bigint GENERATED ALWAYS AS IDENTITY;
