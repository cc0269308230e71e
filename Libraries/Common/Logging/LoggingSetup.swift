import Logging

/// Installs the process-wide log handler once, at the start of `main`.
public enum LoggingSetup {
    public static func bootstrap(service: String, settings: LogSettings) {
        LoggingSystem.bootstrap { _ in
            switch settings.format {
            case .json:
                return JSONLogHandler(service: service, level: settings.level)
            case .text:
                var handler = StreamLogHandler.standardError(label: service)
                handler.logLevel = settings.level
                return handler
            }
        }
    }
}
