import Foundation
import Hummingbird
import KickoffModel

/// `GET /v1/runs?pipeline=&status=&limit=&cursor=&sort=`, checked: 422 lists every bad parameter.
struct RunListQuery: Sendable {
    var pipeline: String?
    var statuses: Set<RunStatus>?
    var limit = 20
    var cursor: RunListCursor?
    /// Only runs with this tag (the dashboard's filter; the API's query has no `tag`).
    var tag: String?
    /// The order (`sort=`); anything but the default is one bounded page (see `RunSort`).
    var sort = RunSort.newestFirst

    static let maximumLimit = 100

    init(request: Request) throws(Problem) {
        var errors: [FieldError] = []
        if let pipeline = request.query("pipeline"), !pipeline.isEmpty {
            if NameRules.isValidName(pipeline) {
                self.pipeline = pipeline
            } else {
                errors.append(FieldError(field: "pipeline", message: "not a pipeline name"))
            }
        }
        if let status = request.query("status"), !status.isEmpty {
            var statuses: Set<RunStatus> = []
            for word in status.split(separator: ",") {
                if let parsed = RunStatus(rawValue: String(word)) {
                    statuses.insert(parsed)
                } else {
                    let known = RunStatus.allCases.map(\.rawValue).joined(separator: ", ")
                    errors.append(FieldError(field: "status", message: "'\(word)' is not one of \(known)"))
                }
            }
            self.statuses = statuses
        }
        if let limit = request.query("limit") {
            if let value = Int(limit), (1...Self.maximumLimit).contains(value) {
                self.limit = value
            } else {
                errors.append(FieldError(field: "limit", message: "expected an integer from 1 to \(Self.maximumLimit)"))
            }
        }
        if let cursor = request.query("cursor"), !cursor.isEmpty {
            if let parsed = RunListCursor(text: cursor) {
                self.cursor = parsed
            } else {
                errors.append(FieldError(field: "cursor", message: "not a cursor this API returned"))
            }
        }
        // An empty `sort=` is refused like any other value outside the grammar (the document's pattern).
        if let sort = request.query("sort") {
            if let parsed = RunSort(text: sort) {
                self.sort = parsed
                if parsed != .newestFirst, cursor != nil {
                    errors.append(FieldError(field: "cursor", message: "a cursor pages only the default order (-created_at); a sorted list is one page"))
                }
            } else {
                errors.append(FieldError(field: "sort", message: RunSort.expected))
            }
        }
        guard errors.isEmpty else { throw Problem.invalid(errors, detail: "the query has invalid parameters") }
    }
}

/// Where a page ended: the last run's index score (creation time) and id. Opaque to clients
/// (base64url of `score:id`).
struct RunListCursor: Sendable, Hashable {
    var score: Int64
    var id: String

    init(score: Int64, id: String) {
        self.score = score
        self.id = id
    }

    init?(text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.utf8.count <= 128, let data = Data(base64Encoded: base64),
              let decoded = String(data: data, encoding: .utf8) else { return nil }
        let parts = decoded.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let score = Int64(parts[0]), RunID.isValid(String(parts[1])) else { return nil }
        self.init(score: score, id: String(parts[1]))
    }

    var text: String {
        Data("\(score):\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
