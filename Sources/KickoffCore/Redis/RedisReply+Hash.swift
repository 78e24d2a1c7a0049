import RedisClient

extension RedisReply {
    /// HGETALL's flat field, value array as a dictionary (empty for a missing key).
    public var hashFields: [String: String] {
        var fields: [String: String] = [:]
        let elements = array ?? []
        var index = 0
        while index + 1 < elements.count {
            if let key = elements[index].string, let value = elements[index + 1].string { fields[key] = value }
            index += 2
        }
        return fields
    }
}
