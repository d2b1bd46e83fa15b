package io.kongflow.jobs.persistence;

/** The kinds of runtime environment, each with the prefix of its API keys. */
public enum EnvironmentType {
    DEVELOPMENT("tr_dev_"),
    STAGING("tr_stg_"),
    PRODUCTION("tr_prod_"),
    PREVIEW("tr_prev_");

    private final String keyPrefix;

    EnvironmentType(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public String keyPrefix() {
        return keyPrefix;
    }
}
