/// Names that become file names in a run directory: run ids and step names.
///
/// Only `[A-Za-z0-9_.-]{1,128}`, and never `.` or `..`: no separator, no traversal, nothing a shell or
/// a terminal would read specially.
public enum SafeName {
    public static let maxLength = 128

    public static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard (1...maxLength).contains(bytes.count), name != ".", name != ".." else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// - Parameter role: what the name is, for the error ("run id", "step name").
    static func check(_ name: String, role: String) throws(RunDirectoryError) {
        guard isValid(name) else {
            throw .invalidName(role: role, value: name)
        }
    }
}
