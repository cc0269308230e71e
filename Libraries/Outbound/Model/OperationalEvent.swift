/// Events Sluice publishes about its own deliveries, to the endpoints of the same application that name them.
public enum OperationalEvent: String, Sendable, CaseIterable {
    /// An endpoint was disabled: it answered 410, or every attempt failed for the configured time.
    case endpointDisabled = "endpoint.disabled"
    /// A message's delivery to an endpoint failed its last attempt and was given up.
    case attemptExhausted = "message.attempt.exhausted"
}
