/// Delivery ids as the finish script makes them: `<run id>_callback` or `<run id>_ep_<16 hex>`.
/// Checked before an id from outside (the redeliver route, the CLI) becomes part of a Redis key.
public enum WebhookDeliveryID {
    public static func isValid(_ id: String) -> Bool {
        let utf8 = Array(id.utf8)
        guard utf8.count > 37, utf8.count <= 37 + 64, utf8[36] == UInt8(ascii: "_"),
              RunID.isValid(String(decoding: utf8[..<36], as: UTF8.self)) else { return false }
        return utf8[37...].allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    /// The run a delivery id belongs to (its first 36 characters, before the `_`): with partitions,
    /// the delivery lives in that run's partition. Nil for an id of another shape.
    public static func runID(of id: String) -> String? {
        let utf8 = Array(id.utf8)
        guard utf8.count > 37, utf8[36] == UInt8(ascii: "_") else { return nil }
        return String(decoding: utf8[..<36], as: UTF8.self)
    }
}
