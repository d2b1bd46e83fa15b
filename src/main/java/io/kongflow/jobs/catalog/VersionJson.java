package io.kongflow.jobs.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.registration.RegistrationResult.VersionView;

/**
 * Builds a whole version view (queue, examples, integrations) inside the query that selects the
 * version, so that a list of jobs is one statement, never one query per job.
 */
final class VersionJson {

    /** The name of the column {@link #SELECT} adds. */
    static final String COLUMN = "version_json";

    /** SQL of a JSON text column for version {@code v} with queue {@code q}; NULL when {@code v} is. */
    static final String SELECT = """
            CASE WHEN v.id IS NULL THEN NULL ELSE json_build_object(
                'id', v.id, 'version', v.version, 'status', v.status,
                'queue', json_build_object('id', q.id, 'name', q.name, 'maxJobs', q.max_jobs),
                'examples', COALESCE((SELECT json_agg(json_build_object('id', x.slug, 'name', x.name, 'icon', x.icon,
                        'payload', x.payload) ORDER BY x.slug) FROM event_examples x WHERE x.job_version_id = v.id), '[]'),
                'integrations', COALESCE((SELECT json_agg(json_build_object('key', ji.key, 'integrationSlug', i.slug,
                        'authSource', i.auth_source) ORDER BY ji.key)
                    FROM job_integrations ji JOIN integrations i ON i.id = ji.integration_id
                    WHERE ji.version_id = v.id), '[]'))::text END AS version_json""";

    private VersionJson() {}

    static VersionView parse(ObjectMapper mapper, String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, VersionView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The database built an unreadable version view", e);
        }
    }
}
