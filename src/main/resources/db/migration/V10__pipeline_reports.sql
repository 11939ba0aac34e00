-- Portable between H2 2.x and PostgreSQL 10+.
-- F10: per contact, project and ref, the newest pipeline seen and whether a failure was reported and not fixed yet,
-- so a second failure raises no second alarm and a pass after a failure is one "fixed" report. What each (contact,
-- pipeline, status) came to is recorded in effects, in the same transaction, so a redelivered hook gets the same answer.
CREATE TABLE pipeline_report_states (
    contact_id        VARCHAR(100)  NOT NULL,
    gitlab_project    VARCHAR(255)  NOT NULL,
    ref               VARCHAR(255)  NOT NULL,
    last_pipeline_id  BIGINT        NOT NULL,
    failing           BOOLEAN       NOT NULL,
    PRIMARY KEY (contact_id, gitlab_project, ref)
);

