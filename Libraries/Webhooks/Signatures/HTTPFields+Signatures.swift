import HTTPTypes

extension HTTPFields {
    /// The value of a header a scheme requires: absent is `.missingHeader`, present but blank is `.malformedHeader`.
    /// Repeated fields come back joined with `", "`, as HTTPTypes does.
    @discardableResult
    func requiredValue(_ name: HTTPField.Name) throws(VerificationError) -> String {
        guard let value = self[name] else { throw .missingHeader(name.rawName) }
        guard value.contains(where: { !$0.isWhitespace }) else { throw .malformedHeader(name.rawName) }
        return value
    }

    /// An optional event-id header; blank counts as absent.
    func optionalValue(_ name: HTTPField.Name) -> String? {
        guard let value = self[name], value.contains(where: { !$0.isWhitespace }) else { return nil }
        return value
    }
}
