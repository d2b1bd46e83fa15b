package io.kongflow.jobs.execution;

import io.kongflow.jobs.config.KongflowConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lease of an execution and how often it is renewed, checked at start: a setting under which
 * an EXECUTE_JOB could outlive its lease (and its run be executed twice) is refused.
 */
record LeaseSettings(Duration lease, Duration renewalInterval, Duration requestTimeout) {

    static LeaseSettings of(KongflowConfig.Execution config) {
        return new LeaseSettings(
                config.leaseDuration(),
                config.leaseRenewalInterval().orElse(config.leaseDuration().dividedBy(3)),
                config.requestTimeout());
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
