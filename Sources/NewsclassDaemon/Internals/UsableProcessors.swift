#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How many CPUs this process may use: the CPUs in its affinity mask, fewer when its
/// cgroup (v2) has a CPU quota (`cpu.max`, e.g. a unit's CPUQuota= or a container's
/// --cpus), so that a container's or a unit's limit counts, not the machine's.
enum UsableProcessors {
    static func count() -> Int {
        var count = affinityCount() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let quota = cgroupQuota() { count = min(count, quota) }
        return max(1, count)
    }

    /// The affinity mask as the kernel lists it ("Cpus_allowed_list:\t0-3,8" in
    /// /proc/self/status; Glibc's Swift module does not declare sched_getaffinity).
    private static func affinityCount() -> Int? {
        guard let status = smallFile("/proc/self/status", limit: 16384),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        var count = 0
        for range in line.dropFirst("Cpus_allowed_list:".count).split(separator: ",") {
            let bounds = range.split(separator: "-").map { Int($0.trimmingPrefix(while: \.isWhitespace)) }
            guard let first = bounds.first ?? nil, let last = bounds.last ?? nil, last >= first else { return nil }
            count += last - first + 1
        }
        return count > 0 ? count : nil
    }

    /// The quota in whole CPUs, rounded up, of this process's cgroup or the nearest
    /// ancestor that has one.
    private static func cgroupQuota() -> Int? {
        // cgroup v2: one line "0::/path".
        guard let membership = smallFile("/proc/self/cgroup"),
              let line = membership.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        else { return nil }
        var path = String(line.dropFirst(3))
        while true {
            let limit = smallFile("/sys/fs/cgroup" + (path == "/" ? "" : path) + "/cpu.max")
            if let fields = limit?.split(whereSeparator: { $0 == " " || $0 == "\n" }), fields.count >= 2,
               let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0
            {
                return (quota + period - 1) / period
            }
            guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
            path = slash == path.startIndex ? "/" : String(path[..<slash])
        }
    }

    /// The start of a small file as text (the kernel's status files), nil if unreadable.
    private static func smallFile(_ path: String, limit: Int = 4096) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        var count = 0
        while count < limit {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, limit - count) }
            if n <= 0 { break }
            count += n
        }
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}
