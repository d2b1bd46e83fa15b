package io.kongflow.jobs.execution;

import io.kongflow.jobs.client.ExecuteAnswer;

/**
 * Recognises a serverless platform's function timeout in an EXECUTE_JOB answer, as the v2 server
 * did: Vercel (408 or 504, or {@code x-vercel-error: FUNCTION_INVOCATION_TIMEOUT}), Deno Deploy
 * (502 with {@code TIME_LIMIT}) and Cloudflare Workers (503 "Worker exceeded resource limits"
 * with a {@code cf-ray} header).
 */
final class PlatformTimeouts {

    private PlatformTimeouts() {}

    static boolean detected(ExecuteAnswer answer) {
        int code = answer.status();
        String text = answer.text() == null ? "" : answer.text();
        boolean vercel = code == 408
                || code == 504
                || "FUNCTION_INVOCATION_TIMEOUT".equals(answer.headers().get("x-vercel-error"));
        boolean deno = code == 502 && text.contains("TIME_LIMIT");
        boolean cloudflare = code == 503
                && text.contains("Worker exceeded resource limits")
                && answer.headers().containsKey("cf-ray");
        return vercel || deno || cloudflare;
    }
}
