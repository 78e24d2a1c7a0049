/// Who or what started a run (`trigger` in the run object): `{"kind","name","delivery","event"}`.
public struct RunTrigger: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An API call: `name` is the API key's name.
        case api
        /// A schedule: `name` is the schedule's.
        case schedule
        /// A delivery to `POST /v1/hooks/{source}`: `name` is the source's, with `delivery` and `event`.
        case source
        /// A retry of an earlier run: `name` is that run's id.
        case retry
        /// The dashboard's trigger form: `name` is the signed-in key's name.
        case dashboard
    }

    public var kind: Kind
    public var name: String?
    public var delivery: String?
    public var event: String?

    public init(kind: Kind, name: String? = nil, delivery: String? = nil, event: String? = nil) {
        self.kind = kind
        self.name = name
        self.delivery = delivery
        self.event = event
    }

    /// Every field, null when absent.
    public var jsonValue: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object(["kind": .string(kind.rawValue), "name": text(name), "delivery": text(delivery), "event": text(event)])
    }

    /// `jsonValue` without its null members, as a run's record stores it: a trigger by an API key then
    /// stays within Redis's small-hash value size (`hash-max-listpack-value`, 64 bytes), which keeps the
    /// whole record in the compact encoding (about 1 KB less per queued run than a hash table).
    public var storedText: String {
        var object: [String: JSONValue] = ["kind": .string(kind.rawValue)]
        for (key, value) in [("name", name), ("delivery", delivery), ("event", event)] {
            if let value { object[key] = .string(value) }
        }
        return JSONValue.object(object).jsonString()
    }

    /// Reads `jsonValue`'s shape (or `storedText`'s); nil for anything else (an unknown kind included).
    public init?(json: JSONValue) {
        guard case .object(let object) = json, case .string(let word)? = object["kind"], let kind = Kind(rawValue: word) else { return nil }
        func text(_ key: String) -> String? {
            if case .string(let value)? = object[key] { value } else { nil }
        }
        self.init(kind: kind, name: text("name"), delivery: text("delivery"), event: text("event"))
    }
}

extension RunTrigger: Codable {
    private enum CodingKeys: String, CodingKey { case kind, name, delivery, event }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let word = try container.decode(String.self, forKey: .kind)
        guard let kind = Kind(rawValue: word) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown trigger kind '\(word)'")
        }
        self.init(kind: kind, name: try container.decodeIfPresent(String.self, forKey: .name),
                  delivery: try container.decodeIfPresent(String.self, forKey: .delivery),
                  event: try container.decodeIfPresent(String.self, forKey: .event))
    }

    /// Optionals as null, as the run object writes every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(delivery, forKey: .delivery)
        try container.encode(event, forKey: .event)
    }
}
