/// `/ui/static/dashboard.css`, the file `Resources/dashboard.css` compiled into the binary: the
/// pages' one stylesheet (no inline styles: the CSP forbids them).
enum DashboardStyle {
    static let css = String(decoding: PackageResources.dashboard_css, as: UTF8.self)
}
