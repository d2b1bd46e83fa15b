-- Every write that changes what the read cache holds (a job, its latest version in each
-- environment, that version's queue and integrations, the aliases, the project's environments)
-- notifies `kongflow_catalog` with the project's id. PostgreSQL delivers it at commit, once per
-- project and transaction (duplicate payloads are folded), to every replica's LISTEN connection,
-- which forgets what it cached of that project. Triggers rather than calls in each writer: a
-- cascade (an endpoint's or a project's deletion), a future writer or a hand-run UPDATE cannot
-- forget to notify.
--
-- What needs no trigger: a job's or a version's INSERT (nothing could have read and cached a row
-- that did not exist; not-found answers are never cached); a version's examples and integrations
-- (they are part of its content hash, so they change only with the version's own row); a queue's
-- running count (execution's bookkeeping, not in any view).

CREATE FUNCTION kongflow_catalog_changed(project_id uuid) RETURNS void
    LANGUAGE sql AS
$$ SELECT pg_notify('kongflow_catalog', project_id::text) WHERE project_id IS NOT NULL $$;

CREATE FUNCTION kongflow_catalog_row_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    changed record := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    CASE TG_TABLE_NAME
        WHEN 'jobs', 'job_versions', 'runtime_environments' THEN
            PERFORM kongflow_catalog_changed(changed.project_id);
        WHEN 'job_aliases' THEN
            PERFORM kongflow_catalog_changed((SELECT project_id FROM jobs WHERE id = changed.job_id));
        WHEN 'job_queues' THEN
            PERFORM kongflow_catalog_changed(
                    (SELECT project_id FROM runtime_environments WHERE id = changed.environment_id));
        WHEN 'integrations' THEN
            PERFORM kongflow_catalog_changed(p.id) FROM projects p WHERE p.organization_id = changed.organization_id;
    END CASE;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_catalog_changed
    AFTER UPDATE ON jobs FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.internal IS DISTINCT FROM NEW.internal
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.slug IS DISTINCT FROM NEW.slug)
    EXECUTE FUNCTION kongflow_catalog_row_changed();
CREATE TRIGGER jobs_catalog_deleted
    AFTER DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION kongflow_catalog_row_changed();

CREATE TRIGGER job_versions_catalog_changed
    AFTER UPDATE ON job_versions FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.queue_id IS DISTINCT FROM NEW.queue_id
        OR OLD.content_hash IS DISTINCT FROM NEW.content_hash OR OLD.version IS DISTINCT FROM NEW.version)
    EXECUTE FUNCTION kongflow_catalog_row_changed();
CREATE TRIGGER job_versions_catalog_deleted
    AFTER DELETE ON job_versions FOR EACH ROW EXECUTE FUNCTION kongflow_catalog_row_changed();

CREATE TRIGGER job_aliases_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE ON job_aliases FOR EACH ROW EXECUTE FUNCTION kongflow_catalog_row_changed();

CREATE TRIGGER job_queues_catalog_changed
    AFTER UPDATE ON job_queues FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.max_jobs IS DISTINCT FROM NEW.max_jobs)
    EXECUTE FUNCTION kongflow_catalog_row_changed();
CREATE TRIGGER job_queues_catalog_deleted
    AFTER DELETE ON job_queues FOR EACH ROW EXECUTE FUNCTION kongflow_catalog_row_changed();

CREATE TRIGGER runtime_environments_catalog_changed
    AFTER INSERT OR DELETE ON runtime_environments FOR EACH ROW EXECUTE FUNCTION kongflow_catalog_row_changed();
CREATE TRIGGER runtime_environments_catalog_renamed
    AFTER UPDATE ON runtime_environments FOR EACH ROW
    WHEN (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.type IS DISTINCT FROM NEW.type)
    EXECUTE FUNCTION kongflow_catalog_row_changed();

CREATE TRIGGER integrations_catalog_changed
    AFTER UPDATE ON integrations FOR EACH ROW
    WHEN (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.auth_source IS DISTINCT FROM NEW.auth_source)
    EXECUTE FUNCTION kongflow_catalog_row_changed();
CREATE TRIGGER integrations_catalog_deleted
    AFTER DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION kongflow_catalog_row_changed();
