import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether this process has the memory an import will take. Swift stops a program that
/// cannot allocate ("failed to allocate", exit 134) with no way to recover, so an import
/// that would not fit is refused before it starts, saying how much it needs.
enum ImportMemory {
    /// Peak memory an import takes beyond the program's own, as a multiple of the file's
    /// size: measured on stories of 100,000 to 1,000,000 short passages (the worst case:
    /// each passage costs the same whatever its length), rounded up. A Twee or HTML story
    /// of 1M passages in 36 MB peaked at 870 MB; Forktale JSON of 500,000 in 36 MB at 356 MB.
    static func factor(json: Bool) -> Int { json ? 10 : 25 }

    /// Refuses an import of `bytes` that needs more memory than is free.
    static func check(bytes: Int, json: Bool) throws(FormatError) {
        let needed = bytes * factor(json: json)
        guard let free = available(), needed > free else { return }
        throw FormatError(
            "importing it needs about \(megabytes(needed)) of memory and only \(megabytes(free)) is free: "
                + "close other programs or raise the limit (ulimit -v), then import it again")
    }

    /// The memory this process may still take: the least of what its address-space limit
    /// leaves, what its control group leaves, and what the system has available. Nil when
    /// none of them can be read.
    static func available() -> Int? {
        var limits: [Int] = []
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max, let used = virtualSize() {
            limits.append(Int(clamping: limit.rlim_cur) - used)
        }
        if let max = number(in: "/sys/fs/cgroup/memory.max"), let current = number(in: "/sys/fs/cgroup/memory.current") {
            limits.append(max - current)
        }
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            limits.append(kilobytes * 1024)
        }
        return limits.min().map { max(0, $0) }
    }

    /// The process's address space now, in bytes (the first field of /proc/self/statm, in pages).
    private static func virtualSize() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = statm.split(separator: " ").first.flatMap({ Int($0) }) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// A file holding one number ("max" means no limit, so nil).
    private static func number(in path: String) -> Int? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.0f MB", Double(bytes) / 1_048_576)
    }
}
