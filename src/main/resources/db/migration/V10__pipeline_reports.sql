-- Portable between H2 2.x and PostgreSQL 10+.
-- F10: per contact, project and ref, the newest pipeline seen and whether a failure was reported and not fixed yet,
-- so a second failure raises no second alarm and a pass after a failure is one "fixed" report.
CREATE TABLE pipeline_report_states (
    contact_id        VARCHAR(100)  NOT NULL,
    gitlab_project    VARCHAR(255)  NOT NULL,
    ref               VARCHAR(255)  NOT NULL,
    last_pipeline_id  BIGINT        NOT NULL,
    failing           BOOLEAN       NOT NULL,
    PRIMARY KEY (contact_id, gitlab_project, ref)
);

-- F10: what each (contact, pipeline, status) came to, worked out once with the state above: a redelivered, retried
-- or replayed hook gets the same answer, and its effects (keyed the same way) happen once.
CREATE TABLE pipeline_report_outcomes (
    contact_id      VARCHAR(100)  NOT NULL,
    gitlab_project  VARCHAR(255)  NOT NULL,
    pipeline_id     BIGINT        NOT NULL,
    status          VARCHAR(32)   NOT NULL,
    outcome         VARCHAR(16)   NOT NULL,
    PRIMARY KEY (contact_id, gitlab_project, pipeline_id, status)
);
