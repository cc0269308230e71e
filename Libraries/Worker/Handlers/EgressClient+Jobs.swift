import Egress

extension EgressClient {
    /// POSTs on behalf of a job: a 2xx answer is returned with the first `keep` bytes of its body; any other status
    /// fails the attempt with the status and the first `excerptLength` bytes of the answer; a refused target or
    /// invalid URL discards the job (no retry can mend it).
    public func post(forJob request: EgressRequest, excerptLength: Int = 200, keep: Int = 200) async throws(JobFailed) -> EgressResponse {
        let response: EgressResponse
        do {
            response = try await post(request, excerptLimit: max(excerptLength, keep))
        } catch {
            throw JobFailed(error.description, permanent: error.isPermanent)
        }
        guard response.isSuccess else { throw JobFailed("HTTP \(response.status): \(response.excerptText(limit: excerptLength))") }
        return response
    }
}
