import KickoffModel

/// An RFC 9457 problem document as the front sends it:
/// `{"type","title","status","detail","errors":[{"field","message"}]}`. Every field is optional
/// here, so a proxy's or an older front's answer still reads.
struct ProblemDocument: Sendable, Hashable, Decodable {
    var type: String?
    var title: String?
    var status: Int?
    var detail: String?
    var errors: [FieldError]?

    init(type: String? = nil, title: String? = nil, status: Int? = nil, detail: String? = nil, errors: [FieldError]? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }
}
