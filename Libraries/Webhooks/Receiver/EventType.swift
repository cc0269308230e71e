import Foundation
import HTTPTypes

/// Where each provider puts the event's type: a header for GitHub and Shopify, the body's `type` (Stripe,
/// Standard Webhooks senders such as OpenAI) or `event` otherwise.
enum EventType {
    static func of(scheme: SignatureScheme, headers: HTTPFields, json: Any?) -> String? {
        switch scheme {
        case .github:
            return headers[HTTPField.Name("X-GitHub-Event")!]
        case .shopify:
            return headers[HTTPField.Name("X-Shopify-Topic")!]
        default:
            guard let object = json as? [String: Any] else { return nil }
            return (object["type"] as? String) ?? (object["event"] as? String)
        }
    }
}
