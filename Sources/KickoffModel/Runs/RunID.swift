public import Foundation

/// Run ids are UUIDv7 (RFC 9562): time-ordered, so ids sort by creation, and random enough
/// (74 random bits) that they cannot be guessed.
public enum RunID {
    /// `partition`: the run's partition (`RunPartitions`), kept in the id's last byte (66 random bits
    /// remain); nil: all 74 bits random (one partition, or not a run's id).
    public static func make(now: Date = Date(), partition: Int? = nil) -> String {
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        // Every trigger makes one: two draws of the system generator, not one per byte (each a getrandom).
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64, low = generator.next() as UInt64
        var bytes = (0..<16).map { index -> UInt8 in
            switch index {
            case 0..<6: UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index)))
            case 6..<14: UInt8(truncatingIfNeeded: high >> (8 * (index - 6)))
            default: UInt8(truncatingIfNeeded: low >> (8 * (index - 14)))
            }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // variant 10
        if let partition { bytes[15] = UInt8(truncatingIfNeeded: partition) }
        return canonical(bytes)
    }

    /// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx in lowercase hex.
    static func canonical(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// True for the shape of a UUID (what `make` returns); checked before an id touches a key or a path.
    public static func isValid(_ id: String) -> Bool {
        let utf8 = Array(id.utf8)
        guard utf8.count == 36 else { return false }
        for (index, byte) in utf8.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) else { return false }
            }
        }
        return true
    }
}
