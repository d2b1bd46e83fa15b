-- Outbound calls to an SDK endpoint must present the environment's key (x-trigger-api-key), so the
-- key is also kept encrypted (AES-256-GCM, key from KONGFLOW_ENCRYPTION_KEY). Lookups still use the hash.
ALTER TABLE runtime_environments ADD COLUMN api_key_ciphertext text;
