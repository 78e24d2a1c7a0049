/// Picks a setting's text (flag, else non-empty environment variable) and parses it, turning a parse
/// failure into a `ConfigurationError` that names the source.
struct SettingResolver {
    var environment: [String: String]

    /// The text of the flag if given, else of the variable if set and not empty; nil when neither.
    func raw(_ flagValue: String?, _ flag: String, _ variable: String) -> (value: String, source: SettingSource)? {
        if let flagValue { return (flagValue, .flag(flag)) }
        if let text = environment[variable], !text.isEmpty { return (text, .environment(variable)) }
        return nil
    }

    func value<Value>(
        _ flagValue: String?, _ flag: String, _ variable: String, default defaultValue: Value,
        parse rule: SettingRule<Value>
    ) throws(ConfigurationError) -> Value {
        try optionalValue(flagValue, flag, variable, parse: rule) ?? defaultValue
    }

    func optionalValue<Value>(
        _ flagValue: String?, _ flag: String, _ variable: String, parse rule: SettingRule<Value>
    ) throws(ConfigurationError) -> Value? {
        guard let (text, source) = raw(flagValue, flag, variable) else { return nil }
        guard let value = rule.parse(text) else {
            throw ConfigurationError(source: source, value: text, reason: rule.reason)
        }
        return value
    }
}
