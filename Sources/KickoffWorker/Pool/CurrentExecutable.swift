import Glibc

/// The path of the running program, from `/proc/self/exe`, so the pool can start copies of itself.
public enum CurrentExecutable {
    public static func path() throws(WorkerPoolError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else {
            throw .system(call: "readlink /proc/self/exe", reason: errnoText(errno))
        }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
