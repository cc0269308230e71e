/// How a source's provider signs its webhooks.
public enum SignatureScheme: String, Sendable, Codable, CaseIterable {
    /// Standard Webhooks (OpenAI, Svix): `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`.
    case standard
    /// `X-Hub-Signature-256: sha256=<hex>`, event id from `X-GitHub-Delivery`.
    case github
    /// `Stripe-Signature: t=<unix>,v1=<hex>`.
    case stripe
    /// `X-Shopify-Hmac-Sha256: <base64>`, event id from `X-Shopify-Webhook-Id`.
    case shopify
    /// A configurable header holding an HMAC-SHA256 of the body, hex or base64, with an optional prefix.
    case hmacSHA256 = "hmac-sha256"
    /// No verification: refused unless the source is explicitly marked insecure (dev only).
    case none
}
