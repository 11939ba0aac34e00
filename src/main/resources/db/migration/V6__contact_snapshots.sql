-- Portable between H2 2.x and PostgreSQL 10+.
-- The last known values of a HighLevel contact that a contact block names (firstName, lastName, email, phone,
-- companyName, locationId), from contact webhooks and the contacts poller: a new task's issue takes its contact
-- block from here instead of reading the contact again. changed_at is the contact's own change time (stale guard).
CREATE TABLE contact_snapshots (
    contact_id     VARCHAR(100)   PRIMARY KEY,
    contact_values VARCHAR(10000) NOT NULL,
    changed_at     VARCHAR(64),
    saved_at       TIMESTAMP      NOT NULL
);
