/// The version of this build of Sluice, sent in the default `User-Agent` of outbound requests.
public enum SluiceVersion {
    public static let current = "0.1.0"
}
