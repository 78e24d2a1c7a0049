import Yams

/// The YAML 1.2 core schema for plain (unquoted) scalars, instead of Yams' default YAML 1.1 rules.
///
/// Under YAML 1.1, `yes`, `no`, `on` and `off` are booleans, `012` is octal and `1_000` is an
/// integer, so `enum: [yes, no]` or a country code `NO` silently change type. In the core schema only
/// `true`/`false` are booleans, only `null`/`~`/empty are null, and numbers look like JSON numbers
/// (plus `0x`/`0o` integers and `.inf`/`.nan`, which the loader rejects as not JSON).
enum YAMLCoreSchema {
    static let resolver: Resolver = {
        let rules: [(Tag.Name, String)] = [
            (.null, "^(?:~|null|Null|NULL|)$"),
            (.bool, "^(?:true|True|TRUE|false|False|FALSE)$"),
            (.int, "^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
            (.float, "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
            (.merge, "^<<$"),
        ]
        var resolver = Resolver.basic
        for (tag, pattern) in rules {
            do {
                resolver = try resolver.appending(tag, pattern)
            } catch {
                // The patterns are constants above; only a typo in them can get here.
                preconditionFailure("invalid YAML core schema pattern \(pattern): \(error)")
            }
        }
        return resolver
    }()
}
