-- Portable between H2 2.x and PostgreSQL 10+.
-- Effects the bridge causes at most once, keyed by what they are for (a pipeline trigger per tag event, an onboarding
-- task per contact, a note per rule and label event), and the changes worked out once per event. STARTED is written
-- before the call and DONE with its result after it: an attempt that finds STARTED looks on the other side for what
-- an earlier attempt may have done before it acts again.
CREATE TABLE effects (
    effect_key  VARCHAR(400)  PRIMARY KEY,
    state       VARCHAR(16)   NOT NULL,
    result      VARCHAR(8000),
    started_at  TIMESTAMP     NOT NULL,
    done_at     TIMESTAMP
);

-- Sets the bridge follows member by member (a contact's tags, an issue's labels). changed_at is when the member's
-- presence last changed, by the event that said so or by the bridge's own write: an event older than the bridge's
-- write does not undo it, and the write's echo changes nothing.
CREATE TABLE known_members (
    owner_key   VARCHAR(300)  NOT NULL,
    member      VARCHAR(255)  NOT NULL,
    present     BOOLEAN       NOT NULL,
    changed_at  VARCHAR(64),
    PRIMARY KEY (owner_key, member)
);

-- Pipelines the bridge triggered and the contact each was for, so their results go back to that contact.
CREATE TABLE pipeline_runs (
    gitlab_project  VARCHAR(255)  NOT NULL,
    pipeline_id     BIGINT        NOT NULL,
    contact_id      VARCHAR(100)  NOT NULL,
    ref             VARCHAR(255),
    trigger_name    VARCHAR(100),
    created_at      TIMESTAMP     NOT NULL,
    PRIMARY KEY (gitlab_project, pipeline_id)
);
CREATE INDEX pipeline_runs_contact ON pipeline_runs (contact_id);
