-- Every foreign key check share-locks the parent row. Registrations of one tenant all reference the
-- same organization, project and environment rows, so at 8 concurrent registrations those locks
-- pile up on three rows and turn into MultiXacts (written to the WAL and to the parents' pages).
-- These references are implied by others that stay — a version's job belongs to its project and
-- organization, and its endpoint to its environment; an alias's version to its environment — and
-- deleting an organization, project or environment still reaches every one of these rows through
-- them (each is ON DELETE CASCADE).
ALTER TABLE job_versions
    DROP CONSTRAINT job_versions_organization_fkey,
    DROP CONSTRAINT job_versions_project_fkey,
    DROP CONSTRAINT job_versions_environment_fkey;
ALTER TABLE jobs DROP CONSTRAINT jobs_organization_fkey;
ALTER TABLE job_aliases DROP CONSTRAINT job_aliases_environment_fkey;
