-- Ed25519 public keys (`whpk_<base64>`) a `standard` source's `v1a` signatures may match; several during a rotation.
-- Public keys are not secret, so they are stored as they are, unlike source_secrets.
ALTER TABLE sources ADD COLUMN public_keys text[] NOT NULL DEFAULT '{}';
ALTER TABLE sources ADD CONSTRAINT sources_public_keys_standard_only CHECK (scheme = 'standard' OR public_keys = '{}');
