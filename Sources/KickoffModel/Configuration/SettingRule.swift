/// How to read one setting's text, and what to say when it cannot be read.
struct SettingRule<Value>: Sendable {
    var reason: String
    var parse: @Sendable (String) -> Value?

    init(reason: String, parse: @escaping @Sendable (String) -> Value?) {
        self.reason = reason
        self.parse = parse
    }
}
