import Hummingbird

/// `/ui/static/dashboard.css` and `/ui/static/dashboard.js`: open (the login page needs them too),
/// the files in `Resources/` compiled into the binary, so there is nothing to install or build.
struct DashboardStaticRoutes {
    func register(on group: RouterGroup<FrontRequestContext>) {
        group.get("/static/dashboard.css") { _, _ in
            Self.asset(DashboardStyle.css, contentType: "text/css; charset=utf-8")
        }
        group.get("/static/dashboard.js") { _, _ in
            Self.asset(DashboardScript.javascript, contentType: "text/javascript; charset=utf-8")
        }
    }

    private static func asset(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "public, max-age=300"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
