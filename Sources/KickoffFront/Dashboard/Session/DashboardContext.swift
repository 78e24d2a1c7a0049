import Hummingbird
import KickoffModel

/// The context of every signed-in dashboard route: `session` is there, its key with the group's scope.
typealias DashboardContext = SignedInContext<DashboardSession>

extension DashboardSession: RequestCaller {
    static func take(from context: FrontRequestContext) throws -> DashboardSession {
        guard let session = context.dashboardSession else { throw DashboardRedirect.toLogin }
        return session
    }
}

extension SignedInContext where Caller == DashboardSession {
    var session: DashboardSession { caller }
}
