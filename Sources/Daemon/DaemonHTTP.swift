import Hummingbird
import Logging
import Policy
import Prometheus
import ReviewStore
import ReviewWeb
import ServiceLifecycle

/// The daemon's HTTP listener: `/metrics` (Prometheus text), `/healthz`, and the review site.
public enum DaemonHTTP {
    /// Builds the application; it is a `Service` for the daemon's service group.
    public static func makeApplication(
        host: String,
        port: Int,
        registry: PrometheusCollectorRegistry,
        live: LivePolicies,
        review: ReviewStore,
        reviewWeb: ReviewWebConfiguration = ReviewWebConfiguration(),
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        let router = Router(context: ReviewRequestContext.self)
        router.get("/metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
        router.get("/healthz") { _, _ -> Response in
            let body = "ok\npolicy \(live.policies.digest)\nrules \(live.policies.ruleCount)\n"
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body))
            )
        }
        ReviewSite(store: review, configuration: reviewWeb, logger: logger).register(on: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "refusald"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
