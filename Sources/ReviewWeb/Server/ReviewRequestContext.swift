import Hummingbird
import NIOCore

/// A request context that knows the client's address, so sign-in rate limiting is per client.
///
/// Use it for the router the review routes are registered on (the daemon's HTTP listener and
/// `refusald review serve`). With another context the routes still work, but every client shares
/// one rate-limit bucket.
public struct ReviewRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection, if known.
    public let remoteAddress: SocketAddress?

    /// Creates the context for a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
