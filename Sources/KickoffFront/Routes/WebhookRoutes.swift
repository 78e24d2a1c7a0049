import Hummingbird
import KickoffModel
import KickoffStore

/// Dead letters of webhook deliveries (scope `admin`): list them, and send one again.
struct WebhookRoutes {
    let state: FrontState

    func register(on group: RouterGroup<AuthenticatedContext>) {
        group.get("/v1/webhooks/dead-letters") { request, _ in
            let limit = try Self.limit(request.query("limit"))
            let page = try await state.webhooks.deadLetters(limit: limit, cursor: request.query("cursor"))
            return try JSONResponse.make(DeadLetterList(page))
        }
        group.post("/v1/webhooks/dead-letters/:id/redeliver") { _, context in
            let id = context.parameters.get("id") ?? ""
            switch try await state.webhooks.redeliver(id: id) {
            case .ok: return try JSONResponse.make(["status": "queued", "id": id], status: .accepted)
            case .missing: throw Problem.notFound("no dead letter '\(id)'")
            case .busy: throw Problem.conflict("delivery '\(id)' is not a dead letter: it is pending or being sent")
            }
        }
    }

    static func limit(_ text: String?) throws(Problem) -> Int {
        guard let text else { return 50 }
        guard let limit = Int(text), (1...500).contains(limit) else {
            throw Problem.invalid([FieldError(field: "limit", message: "expected an integer from 1 to 500")])
        }
        return limit
    }
}

/// `{"dead_letters":[…],"next_cursor"}`.
struct DeadLetterList: Encodable {
    struct Entry: Encodable {
        var id: String
        var event_id: String
        var run_id: String
        var type: String
        var url: String
        var attempts: Int
        var last_status: Int?
        var last_error: String?
        var dead_at: String?
    }

    var dead_letters: [Entry]
    var next_cursor: String?

    init(_ page: WebhookDeadLetterPage) {
        dead_letters = page.deliveries.map { delivery in
            Entry(id: delivery.id, event_id: delivery.eventID, run_id: delivery.runID, type: delivery.type.rawValue,
                  url: delivery.url, attempts: delivery.attempts, last_status: delivery.lastStatus, last_error: delivery.lastError,
                  dead_at: delivery.deadAt.map { Timestamp.rfc3339(milliseconds: $0) })
        }
        next_cursor = page.nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case dead_letters, next_cursor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dead_letters, forKey: .dead_letters)
        // Present as null on the last page, like every optional field of this API.
        try container.encode(next_cursor, forKey: .next_cursor)
    }
}
