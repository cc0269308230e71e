import Crypto

extension VerificationContext {
    /// The secrets as HMAC keys taken from their UTF-8 bytes (GitHub, Stripe, Shopify, hmac-sha256).
    /// Empty secrets are dropped: an empty key is one anybody can sign with.
    var utf8Keys: [SymmetricKey] {
        secrets.filter { !$0.isEmpty }.map { SymmetricKey(data: Array($0.utf8)) }
    }

    /// The secrets decoded as Standard Webhooks `whsec_<base64>` keys; ones that do not decode are dropped.
    var standardWebhooksKeys: [SymmetricKey] {
        secrets.compactMap(StandardWebhooksSecret.key(from:))
    }

    /// The public keys decoded as Standard Webhooks `whpk_<base64>` Ed25519 keys; ones that do not decode are dropped.
    var standardWebhooksPublicKeys: [Curve25519.Signing.PublicKey] {
        publicKeys.compactMap(StandardWebhooksSigningKey.publicKey(from:))
    }
}
