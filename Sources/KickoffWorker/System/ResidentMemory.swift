import Foundation
import Glibc

/// This process's resident memory (RSS), from `/proc/self/statm` (its second field, in pages), for
/// the fleet registry. nil where there is no such file.
enum ResidentMemory {
    static func bytes() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
