import Synchronization
import Webhooks

/// Endpoint secrets already decrypted, by their stored ciphertext: every delivery to an endpoint reads the same
/// ciphertexts, and opening them for each one (base64, then AES-GCM) was about 2 % of the worker's CPU. A rotated
/// secret is stored under a new ciphertext, so it is opened anew; the cache forgets everything at `capacity` entries.
final class OpenedSecrets: Sendable {
    private let box: SecretBox
    private let capacity: Int
    private let opened = Mutex<[String: String]>([:])

    init(box: SecretBox, capacity: Int = 4096) {
        self.box = box
        self.capacity = capacity
    }

    /// The secret sealed in `ciphertext` (base64, as stored).
    func open(_ ciphertext: String) throws -> String {
        if let secret = opened.withLock({ $0[ciphertext] }) { return secret }
        let secret = try box.open(EndpointStore.bytes(ciphertext))
        opened.withLock { opened in
            if opened.count >= capacity { opened.removeAll() }
            opened[ciphertext] = secret
        }
        return secret
    }
}
