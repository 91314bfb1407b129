package io.outputcache.config;

import io.outputcache.internal.config.ConfigValues;

import java.time.Duration;

/**
 * The timings that keep Redis an accelerator and never a dependency: how long a request waits for the store and for
 * another render, how long a render lease lives, and when the circuit breaker opens (see docs/operations.md).
 *
 * @param storeTimeout            budget of one request's store calls, after which the store is skipped
 * @param coalesceWait            how long a request waits for another request's render of the same page; zero: never
 * @param renderTimeout           lifetime of a render lease, after which another node may render the page
 * @param breakerFailureThreshold consecutive store failures that open the breaker
 * @param breakerOpenDuration     how long the breaker stays open before one probe
 * @param errorLogInterval        each distinct store error is logged at most once in this interval
 */
public record Resilience(Duration storeTimeout, Duration coalesceWait, Duration renderTimeout,
                         int breakerFailureThreshold, Duration breakerOpenDuration, Duration errorLogInterval) {

    /** 150 ms store budget, 5 s coalescing, 30 s leases, breaker open 5 s after 5 failures, errors logged every 10 s. */
    public static final Resilience DEFAULT = new Resilience(Duration.ofMillis(150), Duration.ofSeconds(5),
            Duration.ofSeconds(30), 5, Duration.ofSeconds(5), Duration.ofSeconds(10));

    public Resilience {
        Check.positive("store-timeout", storeTimeout);
        Check.notNegative("coalesce-wait", coalesceWait);
        Check.positive("render-timeout", renderTimeout);
        checkThreshold(breakerFailureThreshold);
        Check.positive("breaker-open-duration", breakerOpenDuration);
        Check.positive("error-log-interval", errorLogInterval);
        if (storeTimeout.compareTo(renderTimeout) >= 0) {
            // A lease must outlive the longest wait for the store, or a slow write would outlast its own lease.
            throw Check.fail("store-timeout (" + ConfigValues.format(storeTimeout)
                    + ") must be shorter than render-timeout (" + ConfigValues.format(renderTimeout) + ")");
        }
    }

    /** The timings as their init-params spell them. */
    @Override
    public String toString() {
        return "store-timeout=" + ConfigValues.format(storeTimeout) + ", coalesce-wait=" + ConfigValues.format(coalesceWait)
                + ", render-timeout=" + ConfigValues.format(renderTimeout)
                + ", breaker-failure-threshold=" + breakerFailureThreshold
                + ", breaker-open-duration=" + ConfigValues.format(breakerOpenDuration)
                + ", error-log-interval=" + ConfigValues.format(errorLogInterval);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void checkThreshold(int failures) {
        if (failures < 1) {
            throw Check.fail("breaker-failure-threshold must be at least 1 but was " + failures);
        }
    }

    /** Collects the timings; each setter checks its argument at once and may be called once. */
    public static final class Builder {
        private Duration storeTimeout;
        private Duration coalesceWait;
        private Duration renderTimeout;
        private Integer breakerFailureThreshold;
        private Duration breakerOpenDuration;
        private Duration errorLogInterval;

        private Builder() {
        }

        public Builder storeTimeout(Duration timeout) {
            Check.unset("store-timeout", storeTimeout);
            this.storeTimeout = Check.positive("store-timeout", timeout);
            return this;
        }

        public Builder coalesceWait(Duration wait) {
            Check.unset("coalesce-wait", coalesceWait);
            this.coalesceWait = Check.notNegative("coalesce-wait", wait);
            return this;
        }

        public Builder renderTimeout(Duration timeout) {
            Check.unset("render-timeout", renderTimeout);
            this.renderTimeout = Check.positive("render-timeout", timeout);
            return this;
        }

        public Builder breakerFailureThreshold(int failures) {
            Check.unset("breaker-failure-threshold", breakerFailureThreshold);
            checkThreshold(failures);
            this.breakerFailureThreshold = failures;
            return this;
        }

        public Builder breakerOpenDuration(Duration duration) {
            Check.unset("breaker-open-duration", breakerOpenDuration);
            this.breakerOpenDuration = Check.positive("breaker-open-duration", duration);
            return this;
        }

        public Builder errorLogInterval(Duration interval) {
            Check.unset("error-log-interval", errorLogInterval);
            this.errorLogInterval = Check.positive("error-log-interval", interval);
            return this;
        }

        /** Fills what was not set from {@link #DEFAULT} and checks that store-timeout is below render-timeout. */
        public Resilience build() {
            Resilience d = DEFAULT;
            return new Resilience(Check.or(storeTimeout, d.storeTimeout()), Check.or(coalesceWait, d.coalesceWait()),
                    Check.or(renderTimeout, d.renderTimeout()), Check.or(breakerFailureThreshold, d.breakerFailureThreshold()),
                    Check.or(breakerOpenDuration, d.breakerOpenDuration()), Check.or(errorLogInterval, d.errorLogInterval()));
        }
    }
}
