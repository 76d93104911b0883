import Foundation
import Hummingbird
import Logging
import ReviewStore

/// The standalone review server behind `refusald review serve --db FILE --listen HOST:PORT`.
public enum ReviewServer {
    /// The default listen address: loopback only.
    public static let defaultListen = "127.0.0.1:8088"

    /// Whether `host` is a loopback name or address; beyond it, session cookies should be `Secure`.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host)
    }

    /// Builds a Hummingbird application serving only the review site.
    ///
    /// Run it with `try await app.runService()`, or add it to a `ServiceGroup` (it is a `Service`).
    /// - Parameters:
    ///   - store: The review store.
    ///   - listen: `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (loopback); port 0 picks a free port.
    ///   - configuration: Cookie and rate-limit settings.
    ///   - logger: The server's logger.
    ///   - onServerRunning: Called with the bound port once the server listens (print the URL here).
    /// - Throws: `ReviewWebError` when `listen` is malformed.
    public static func makeApplication(
        store: ReviewStore,
        listen: String = defaultListen,
        configuration: ReviewWebConfiguration = ReviewWebConfiguration(),
        logger: Logger = Logger(label: "refusald.review.web"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> Application<RouterResponder<ReviewRequestContext>> {
        let (host, port) = try parseListen(listen)
        if !isLoopback(host) && !configuration.secureCookies {
            logger.warning(
                "review server listens beyond loopback with plain-HTTP session cookies; put it behind a TLS proxy and pass --secure-cookies",
                metadata: ["host": "\(host)"]
            )
        }
        let router = Router(context: ReviewRequestContext.self)
        ReviewSite(store: store, configuration: configuration, logger: logger).register(on: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: "refusald-review"
            ),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// Splits `HOST:PORT` (`[::1]:8088`, `:8088` meaning loopback) into host and port.
    /// - Throws: `ReviewWebError` saying which form is expected.
    public static func parseListen(_ listen: String) throws -> (host: String, port: Int) {
        let malformed = ReviewWebError(
            .badRequest,
            "listen address \"\(listen)\" is not HOST:PORT; use e.g. 127.0.0.1:8088, [::1]:8088 or :8088"
        )
        guard let colon = listen.lastIndex(of: ":") else { throw malformed }
        var host = String(listen[..<colon])
        guard let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw malformed
        }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw malformed
        }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}
