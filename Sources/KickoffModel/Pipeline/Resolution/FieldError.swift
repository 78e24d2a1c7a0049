/// One bad field of a request, by its path in the request body (`steps.train_model.parameters.lr`,
/// `parameters.data_url`, `preset`): the `errors` items of a 422 problem document.
public struct FieldError: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
