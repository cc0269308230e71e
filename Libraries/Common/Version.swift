/// Sluice's version, as outbound requests name it in their `User-Agent`.
public enum SluiceVersion {
    public static let current = "0.1.0"
}
