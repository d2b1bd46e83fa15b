-- The run chunk limit learned from an endpoint's platform: when a serverless function times out
-- (Vercel 408/504, Deno Deploy, Cloudflare) after making progress, the time it ran becomes the
-- endpoint's limit (10 s to 120 s), and later EXECUTE_JOBs tell the SDK to yield before it.
-- NULL: nothing learned, the configured kongflow.execution.chunk-limit applies.
ALTER TABLE endpoints
    ADD COLUMN run_chunk_execution_limit_ms integer,
    ADD CONSTRAINT endpoints_run_chunk_execution_limit_check
        CHECK (run_chunk_execution_limit_ms BETWEEN 10000 AND 120000);
