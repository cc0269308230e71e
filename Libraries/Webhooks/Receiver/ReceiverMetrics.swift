import Common
import Prometheus

/// The receiver's metrics: every answer by source and outcome, and the group commit's batches.
enum ReceiverMetrics {
    /// How a request to `/hooks/{source}` was answered; the `outcome` label.
    enum Outcome: String {
        case accepted, duplicate, malformed
        case invalidSignature = "invalid_signature"
        case unknownSource = "unknown_source"
        case rateLimited = "rate_limited"
        case tooLarge = "too_large"
        case unavailable
    }

    /// The `source` label of a request whose source is not known (not in the database, or not read): the path's
    /// name is not a label value, so requests to made-up names cannot add series.
    static let unknownSource = "unknown"

    static let received = LabeledMetric.counter(
        "sluice_webhooks_received_total",
        help: "Inbound webhook requests answered, by source and outcome (accepted, duplicate, invalid_signature, malformed, "
            + "unknown_source, rate_limited, too_large, unavailable).",
        labels: ["source", "outcome"]
    )
    static let writeBatchSize = MetricsSetup.valueHistogram(
        "sluice_webhooks_write_batch_size", help: "Inbound events per group-commit write (one statement, one transaction).")
    static let writeDuration = MetricsSetup.durationHistogram(
        "sluice_webhooks_write_duration_seconds", help: "Duration of a group-commit write of inbound events, failed ones included.")

    static func count(_ source: String, _ outcome: Outcome) {
        received(source, outcome.rawValue).increment()
    }
}
