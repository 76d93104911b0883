import Hummingbird
import Logging

/// Adds the security headers to every review response, error responses included.
///
/// The Content-Security-Policy allows scripts, styles and images from this origin only (no inline
/// script or style), forms posting back to this origin only, and no framing at all.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ReviewWebError where error.status.code < 500 {
            // Thrown outside a page handler (an oversized sign-in form): its own status, not a 500.
            response = Reply.text(error.message, status: error.status)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("review request failed", metadata: ["error": "\(error)"])
            response = Reply.text("Internal error; the server log has the details.", status: .internalServerError)
        }
        Self.apply(to: &response.headers)
        return response
    }

    static func apply(to headers: inout HTTPFields) {
        headers[Reply.header("Content-Security-Policy")] = contentSecurityPolicy
        headers[Reply.header("X-Content-Type-Options")] = "nosniff"
        headers[Reply.header("X-Frame-Options")] = "DENY"
        // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts.
        headers[Reply.header("Referrer-Policy")] = "same-origin"
        headers[Reply.header("Cross-Origin-Opener-Policy")] = "same-origin"
        if headers[.cacheControl] == nil {
            headers[.cacheControl] = "no-store"
        }
    }
}
