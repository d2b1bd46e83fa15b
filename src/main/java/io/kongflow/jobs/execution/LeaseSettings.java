package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.ExecutionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lease of an execution, how often it is renewed and how long its EXECUTE_JOB may last, checked
 * at start: a setting under which an EXECUTE_JOB could outlive its lease (and its run be executed
 * twice), or be cut off before the chunk the SDK was told it may use, is refused.
 */
record LeaseSettings(Duration lease, Duration renewalInterval, Duration requestTimeout, Duration chunkLimit) {

    static LeaseSettings of(ExecutionSettings config) {
        return new LeaseSettings(
                config.leaseDuration(),
                config.leaseRenewalInterval().orElse(config.leaseDuration().dividedBy(3)),
                config.requestTimeout(),
                config.chunkLimit());
    }

    boolean renewed() {
        return !renewalInterval.isZero();
    }

    /** What is wrong with these settings, one sentence each; empty when they are safe. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (lease.isNegative() || lease.isZero()) {
            problems.add("kongflow.execution.lease-duration (" + lease + ") must be positive");
        } else if (renewalInterval.isNegative()) {
            problems.add("kongflow.execution.lease-renewal-interval (" + renewalInterval + ") must not be negative");
        } else if (!renewed() && requestTimeout.compareTo(lease) >= 0) {
            problems.add("kongflow.execution.request-timeout (" + requestTimeout
                    + ") must be shorter than kongflow.execution.lease-duration (" + lease
                    + ") while lease renewal is off (kongflow.execution.lease-renewal-interval=0): an EXECUTE_JOB"
                    + " could outlive its lease and its run be executed again by another replica");
        } else if (renewed() && renewalInterval.multipliedBy(2).compareTo(lease) > 0) {
            problems.add("kongflow.execution.lease-renewal-interval (" + renewalInterval
                    + ") must be at most half of kongflow.execution.lease-duration (" + lease
                    + "), so that one late or failed renewal does not lose the lease");
        }
        if (chunkLimit.compareTo(requestTimeout) >= 0) {
            problems.add("kongflow.execution.chunk-limit (" + chunkLimit
                    + ") must be shorter than kongflow.execution.request-timeout (" + requestTimeout
                    + "): the SDK runs an execution for up to the chunk limit before it yields, and a request"
                    + " cut off before that is an endpoint failure");
        }
        return problems;
    }

    /** Refuses to start with unsafe settings. */
    LeaseSettings checked() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Unsafe execution lease settings: " + String.join("; ", problems));
        }
        return this;
    }
}
