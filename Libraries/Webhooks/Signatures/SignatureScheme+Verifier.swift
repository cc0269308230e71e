extension SignatureScheme {
    /// The verifier for this scheme.
    ///
    /// ```swift
    /// let eventID = try source.scheme.verifier.verify(headers: request.headers, body: body, context: context)
    /// ```
    public var verifier: any SignatureVerifier {
        switch self {
        case .standard: StandardWebhooksVerifier()
        case .github: GitHubVerifier()
        case .stripe: StripeVerifier()
        case .shopify: ShopifyVerifier()
        case .hmacSHA256: HMACHeaderVerifier()
        case .none: NoVerification()
        }
    }
}
