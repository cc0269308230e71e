/// Why a periodic job definition could not be found or stored.
public enum PeriodicJobError: Error, Equatable, CustomStringConvertible {
    case notFound(name: String)
    case alreadyExists(name: String)

    public var description: String {
        switch self {
        case .notFound(let name): "periodic job \(name) not found"
        case .alreadyExists(let name): "a periodic job named \(name) exists"
        }
    }
}
