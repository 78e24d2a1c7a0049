/// The Redis Cluster slot of a key: CRC16 (XMODEM) modulo 16384 of the key, or of its hash tag —
/// the bytes between the first `{` and the next `}`, when there are any.
public enum KeySlot {
    public static let count = 16384

    public static func of(_ key: [UInt8]) -> Int {
        var hashed = key[...]
        if let open = key.firstIndex(of: UInt8(ascii: "{")),
           let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1 {
            hashed = key[(open + 1)..<close]
        }
        return Int(crc16(hashed)) % count
    }

    public static func of(_ key: String) -> Int { of(Array(key.utf8)) }

    /// Bit by bit: keys are short, and a table would cost more to read than it saves here.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}
