package io.kongflow.jobs.registration;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kongflow.jobs.problem.Problem.FieldError;
import java.util.List;

/** What syncing an endpoint's job list did, job by job, with totals. */
public record SyncReport(List<JobReport> jobs, Stats stats) {

    /** The outcome of a job that was disabled (listed as disabled, or missing from the list). */
    public static final String DISABLED = "disabled";

    /** The outcome of a job whose registration failed. */
    public static final String FAILED = "failed";

    /** One job of the list: {@code outcome} is a registration outcome, {@code disabled} or {@code failed}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobReport(
            String id, String version, String outcome, Boolean modified, String error, List<FieldError> errors) {}

    /** {@code jobs} registered, {@code disabledJobs} (disabled or missing), {@code failedJobs}. */
    public record Stats(int jobs, int disabledJobs, int failedJobs) {}
}
