package io.kongflow.jobs.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names of the spans and attributes of a run's trace (docs/traces.md): OpenTelemetry's
 * messaging conventions where they fit (a run is a message: created, then processed), {@code
 * kongflow.*} where they do not.
 */
final class TraceNames {

    static final String SYSTEM = "kongflow";

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("kongflow.run.id");
    static final AttributeKey<String> JOB = AttributeKey.stringKey("kongflow.job.id");
    static final AttributeKey<String> VERSION = AttributeKey.stringKey("kongflow.job.version");
    static final AttributeKey<String> EVENT = AttributeKey.stringKey("kongflow.event.name");
    static final AttributeKey<Long> EXECUTION_NUMBER = AttributeKey.longKey("kongflow.execution.number");
    static final AttributeKey<Long> EXECUTION_TOKEN = AttributeKey.longKey("kongflow.execution.token");
    static final AttributeKey<String> REPLICA = AttributeKey.stringKey("kongflow.replica");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("kongflow.execution.outcome");
    static final AttributeKey<String> RUN_STATUS = AttributeKey.stringKey("kongflow.run.status");
    static final AttributeKey<String> REQUEST_TIMING = AttributeKey.stringKey("kongflow.endpoint.request_timing");
    static final AttributeKey<String> SDK_VERSION = AttributeKey.stringKey("kongflow.endpoint.sdk_version");
    static final AttributeKey<String> ACTION = AttributeKey.stringKey("kongflow.endpoint.action");

    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("kongflow.task.id");
    static final AttributeKey<String> TASK_NAME = AttributeKey.stringKey("kongflow.task.name");
    static final AttributeKey<String> TASK_KEY = AttributeKey.stringKey("kongflow.task.display_key");
    static final AttributeKey<String> TASK_STATUS = AttributeKey.stringKey("kongflow.task.status");
    static final AttributeKey<String> TASK_PARENT = AttributeKey.stringKey("kongflow.task.parent_id");
    static final AttributeKey<Long> TASK_ATTEMPTS = AttributeKey.longKey("kongflow.task.attempts");
    static final AttributeKey<Boolean> TASK_NOOP = AttributeKey.booleanKey("kongflow.task.noop");
    static final AttributeKey<Boolean> TASK_WAIT = AttributeKey.booleanKey("kongflow.task.wait");
    static final AttributeKey<String> RETRY_AT = AttributeKey.stringKey("kongflow.task.retry_at");
    static final AttributeKey<String> ERROR = AttributeKey.stringKey("kongflow.task.error");

    private TraceNames() {}
}
